import { AppShell, Badge, Burger, Button, Group, NavLink, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { NavLink as RouterNavLink, Outlet, useLocation } from 'react-router';
import { useAuth } from '../auth/AuthProvider';
import { NAV_GROUPS, consoleRoutes } from '../routes';

/** Header, side navigation (a drawer behind a burger on a narrow screen) and the page. */
export function Shell(): ReactNode {
  const [opened, { toggle, close }] = useDisclosure(false);
  const { me, canWrite, signOut } = useAuth();
  const location = useLocation();
  const isActive = (path: string): boolean => (path === '/' ? location.pathname === '/' : location.pathname === path);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={2} size="h4">
              Axiom Flow
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {!canWrite && (
              <Badge color="gray" variant="light">
                read-only
              </Badge>
            )}
            <Text size="sm" visibleFrom="sm" truncate maw={240}>
              {me?.email}
            </Text>
            <Button variant="default" size="xs" onClick={signOut}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <ScrollArea>
          <Stack gap={4}>
            {NAV_GROUPS.map((group) => (
              <div key={group}>
                <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="sm" pb={4}>
                  {group}
                </Text>
                {consoleRoutes
                  .filter((r) => r.nav?.group === group)
                  .map((r) => (
                    <NavLink
                      key={r.path}
                      component={RouterNavLink}
                      to={r.path}
                      end
                      label={r.nav?.label}
                      active={isActive(r.path)}
                      onClick={close}
                    />
                  ))}
              </div>
            ))}
          </Stack>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
