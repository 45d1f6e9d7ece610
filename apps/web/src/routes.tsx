// The console's route table: one place for every page, its URL and its navigation entry.
// To add a page: import it and add a row; `nav` puts it in the side navigation under `group`.
import type { ReactNode } from 'react';
import { ApiKeysPage } from './pages/api-keys/ApiKeysPage';
import { AuditPage } from './pages/audit/AuditPage';
import { DashboardPage } from './pages/dashboard/DashboardPage';
import { DicomwebSourcesPage } from './pages/dicomweb-sources/DicomwebSourcesPage';
import { FailuresPage } from './pages/failures/FailuresPage';
import { InstanceDetailPage } from './pages/instances/InstanceDetailPage';
import { InstancesPage } from './pages/instances/InstancesPage';
import { ListenersPage } from './pages/listeners/ListenersPage';
import { QrSourcesPage } from './pages/qr-sources/QrSourcesPage';
import { RolesPage } from './pages/roles/RolesPage';
import { RulesPage } from './pages/rules/RulesPage';
import { StorageBackendsPage } from './pages/storage-backends/StorageBackendsPage';
import { RuleTesterPage } from './pages/tester/RuleTesterPage';
import { UsersPage } from './pages/users/UsersPage';

export type NavGroup = 'Overview' | 'Routing' | 'Traffic' | 'Configuration' | 'Access';

export interface ConsoleRoute {
  path: string;
  element: ReactNode;
  /** Shown in the navigation when set (routes with parameters have none). */
  nav?: { label: string; group: NavGroup };
}

export const NAV_GROUPS: NavGroup[] = ['Overview', 'Routing', 'Traffic', 'Configuration', 'Access'];

export const consoleRoutes: ConsoleRoute[] = [
  { path: '/', element: <DashboardPage />, nav: { label: 'Dashboard', group: 'Overview' } },
  // rules, tester, instances and failures: the routing and traffic pages
  { path: '/rules', element: <RulesPage />, nav: { label: 'Rules', group: 'Routing' } },
  { path: '/rules/tester', element: <RuleTesterPage />, nav: { label: 'Rule tester', group: 'Routing' } },
  { path: '/instances', element: <InstancesPage />, nav: { label: 'Instances', group: 'Traffic' } },
  { path: '/instances/:id', element: <InstanceDetailPage /> },
  { path: '/failures', element: <FailuresPage />, nav: { label: 'Failures', group: 'Traffic' } },
  {
    path: '/storage-backends',
    element: <StorageBackendsPage />,
    nav: { label: 'Storage backends', group: 'Configuration' },
  },
  { path: '/listeners', element: <ListenersPage />, nav: { label: 'DIMSE listeners', group: 'Configuration' } },
  {
    path: '/dicomweb-sources',
    element: <DicomwebSourcesPage />,
    nav: { label: 'DICOMweb sources', group: 'Configuration' },
  },
  { path: '/qr-sources', element: <QrSourcesPage />, nav: { label: 'DIMSE Q/R sources', group: 'Configuration' } },
  { path: '/users', element: <UsersPage />, nav: { label: 'Users', group: 'Access' } },
  { path: '/roles', element: <RolesPage />, nav: { label: 'Roles', group: 'Access' } },
  { path: '/api-keys', element: <ApiKeysPage />, nav: { label: 'API keys', group: 'Access' } },
  { path: '/audit', element: <AuditPage />, nav: { label: 'Audit log', group: 'Access' } },
];
