import { isBrokerGone } from './broker-rejections';

describe('isBrokerGone', () => {
  it("recognises amqplib's rejections of a channel cut by a broker restart, and nothing else", () => {
    const amqp = new Error('Channel ended, no reply will be forthcoming');
    amqp.stack = `Error: Channel ended, no reply will be forthcoming\n    at reject (/app/node_modules/amqplib/lib/channel.js:161:9)`;
    expect(isBrokerGone(amqp)).toBe(true);
    expect(isBrokerGone(new Error('Channel ended, no reply will be forthcoming'))).toBe(false); // not from amqplib
    const other = new Error('relation "deliveries" does not exist');
    other.stack = `${other.message}\n    at /app/node_modules/amqplib/lib/x.js:1:1`;
    expect(isBrokerGone(other)).toBe(false);
    expect(isBrokerGone('Channel closed')).toBe(false);
  });
});
