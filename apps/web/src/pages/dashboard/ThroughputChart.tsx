import { BarChart } from '@mantine/charts';
import { Paper, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { unwrap } from '../../api/errors';
import { useApi } from '../../auth/AuthProvider';
import { QueryState } from '../../components/QueryState';

const MINUTES = 60;

/** Instances received, delivered and failed per minute over the last hour (GET /dashboard/throughput). */
export function ThroughputChart(): ReactNode {
  const api = useApi();
  const throughput = useQuery({
    queryKey: ['throughput', MINUTES],
    queryFn: () => unwrap(api.GET('/api/v1/dashboard/throughput', { params: { query: { minutes: MINUTES } } })),
    refetchInterval: 30_000,
  });
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        Instances per minute, last hour
      </Title>
      <QueryState query={throughput} label="throughput">
        {(data) => {
          const points = data.points.map((p) => ({
            ...p,
            time: new Date(p.minute).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
          }));
          const total = data.points.reduce((n, p) => n + p.received, 0);
          return (
            <>
              <Text size="sm" c="dimmed" mb="xs">
                {total} received in the last {data.minutes} minutes
              </Text>
              <BarChart
                h={220}
                data={points}
                dataKey="time"
                withLegend
                tickLine="none"
                gridAxis="y"
                series={[
                  { name: 'received', color: 'indigo.6' },
                  { name: 'delivered', color: 'teal.6' },
                  { name: 'failed', color: 'red.6' },
                ]}
              />
            </>
          );
        }}
      </QueryState>
    </Paper>
  );
}
