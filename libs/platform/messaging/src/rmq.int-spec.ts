import { Controller, INestMicroservice } from '@nestjs/common';
import { ClientProxy, ClientProxyFactory, Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import * as amqp from 'amqplib';
import { firstValueFrom } from 'rxjs';
import { PoisonMessageError } from './message-publisher';
import { DEAD_LETTER_EXCHANGE, ensureDeadLetterTopology, rmqClientOptions, rmqServerOptions } from './rmq.transport';
import { settle } from './settle';

const URL = process.env['RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
const QUEUE = `axiom.test.${process.pid}.${Date.now()}`;
const seen: { payload: { n: number; mode: string }; redelivered: boolean }[] = [];
const failedOnce = new Set<number>();

@Controller()
class TestConsumer {
  @EventPattern('test.work')
  work(
    @Payload() payload: { n: number; mode: string },
    @Ctx() ctx: { getMessage(): { fields: { redelivered: boolean } } },
  ): Promise<void> {
    return settle(ctx, async () => {
      seen.push({ payload, redelivered: ctx.getMessage().fields.redelivered });
      if (payload.mode === 'poison') throw new PoisonMessageError('never processable');
      if (payload.mode === 'fail-once' && !failedOnce.has(payload.n)) {
        failedOnce.add(payload.n);
        throw new Error('transient');
      }
    });
  }
}

async function until(what: string, probe: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

jest.setTimeout(30_000);

async function startConsumer(): Promise<INestMicroservice> {
  const module = await Test.createTestingModule({ controllers: [TestConsumer] }).compile();
  const consumer = module.createNestMicroservice(rmqServerOptions(URL, QUEUE, 2));
  await consumer.listen();
  return consumer;
}

describe('RabbitMQ through Nest microservices with our options (real broker)', () => {
  let server: INestMicroservice;
  let client: ClientProxy;
  let conn: amqp.ChannelModel;

  beforeAll(async () => {
    await ensureDeadLetterTopology(URL);
    conn = await amqp.connect(URL);
    const ch = await conn.createChannel();
    // a dead-letter queue of our own for this test's queue
    await ch.assertQueue(`${QUEUE}.dead`, { durable: false, autoDelete: false });
    await ch.bindQueue(`${QUEUE}.dead`, DEAD_LETTER_EXCHANGE, QUEUE);
    await ch.close();
    server = await startConsumer();
    client = ClientProxyFactory.create(rmqClientOptions(URL, QUEUE));
    await client.connect();
  });

  afterAll(async () => {
    await client?.close();
    await server?.close();
    const ch = await conn.createChannel();
    await ch.deleteQueue(QUEUE);
    await ch.deleteQueue(`${QUEUE}.dead`);
    await ch.close();
    await conn.close();
  });

  it('delivers persistent messages and acks them after the work (queue empty, nothing unacked)', async () => {
    for (let n = 1; n <= 5; n++)
      await firstValueFrom(client.emit('test.work', { n, mode: 'ok' }), { defaultValue: undefined });
    await until('5 messages', () => seen.filter((s) => s.payload.mode === 'ok').length === 5);
    // messageCount counts only ready messages: closing the consumer's channel returns any message
    // it holds unacknowledged to the queue, where it is counted
    await server.close();
    const ch = await conn.createChannel();
    const afterClose = await ch.checkQueue(QUEUE);
    await new Promise((r) => setTimeout(r, 200));
    const settled = await ch.checkQueue(QUEUE);
    await ch.close();
    expect([afterClose.messageCount, settled.messageCount]).toEqual([0, 0]);
    expect(afterClose.consumerCount).toBe(0);
    server = await startConsumer();
  });

  it('redelivers a message whose work failed (nack with requeue), then acks it', async () => {
    await firstValueFrom(client.emit('test.work', { n: 100, mode: 'fail-once' }), { defaultValue: undefined });
    await until('the redelivery', () => seen.filter((s) => s.payload.n === 100).length === 2);
    expect(seen.filter((s) => s.payload.n === 100).map((s) => s.redelivered)).toEqual([false, true]);
  });

  it('dead-letters a poison message instead of retrying it forever', async () => {
    await firstValueFrom(client.emit('test.work', { n: 200, mode: 'poison' }), { defaultValue: undefined });
    const ch = await conn.createChannel();
    let dead: amqp.GetMessage | false = false;
    for (let i = 0; i < 100 && dead === false; i++) {
      dead = await ch.get(`${QUEUE}.dead`, { noAck: true });
      if (dead === false) await new Promise((r) => setTimeout(r, 100));
    }
    await ch.close();
    expect(dead).not.toBe(false);
    expect(JSON.parse((dead as amqp.GetMessage).content.toString()).data).toEqual({ n: 200, mode: 'poison' });
    expect(seen.filter((s) => s.payload.n === 200)).toHaveLength(1);
  });
});
