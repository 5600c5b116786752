/** Every page of the app, who may see it, and where it sits in the navigation. */
import type { ComponentType } from 'react';
import { SignInPage } from './SignIn';
import { InvitationPage, SignUpPage } from './SignUp';
import { AccountPage } from './Account';
import { AdminUsersPage } from './AdminUsers';
import { AdminOrganisationsPage } from './AdminOrganisations';
import { AdminNodesPage } from './AdminNodes';
import { AuditPage } from './Audit';
import { AuditSearchPage } from './AuditSearch';
import { HomePage } from './Home';
import { SearchPage } from './Search';
import { CataloguePage } from './Catalogue';
import { DatasetPage } from './Dataset';
import { BasketPage } from './Basket';
import { MyRequestsPage, CommitteeInboxPage, RepresentativeInboxPage } from './Requests';
import { RequestDetailPage } from './RequestDetail';
import { GrantsPage } from './Grants';
import { StudyBrowserPage } from './StudyBrowser';
import { NotificationsPage } from './Notifications';
import { OutboxPage } from './Outbox';

export interface PageDef {
  path: string;
  component: ComponentType;
  /** public, every signed-in user, or a role */
  access: 'public' | 'user' | 'admin' | 'committee' | 'representative';
  nav?: { label: string; section?: string };
}

export const pages: PageDef[] = [
  { path: '/', component: HomePage, access: 'public', nav: { label: 'Home' } },
  { path: '/catalogue', component: CataloguePage, access: 'public', nav: { label: 'Catalogue' } },
  { path: '/datasets/:slug', component: DatasetPage, access: 'public' },
  { path: '/sign-in', component: SignInPage, access: 'public' },
  { path: '/sign-up', component: SignUpPage, access: 'public' },
  { path: '/invitation', component: InvitationPage, access: 'public' },
  { path: '/search', component: SearchPage, access: 'user', nav: { label: 'Search' } },
  { path: '/account', component: AccountPage, access: 'user', nav: { label: 'Account' } },
  { path: '/basket', component: BasketPage, access: 'user' },
  {
    path: '/access/requests',
    component: MyRequestsPage,
    access: 'user',
    nav: { label: 'My requests', section: 'Access' },
  },
  { path: '/access/requests/:id', component: RequestDetailPage, access: 'user' },
  {
    path: '/access/grants',
    component: GrantsPage,
    access: 'user',
    nav: { label: 'My grants', section: 'Access' },
  },
  { path: '/access/browse/:slug', component: StudyBrowserPage, access: 'user' },
  {
    path: '/access/committee',
    component: CommitteeInboxPage,
    access: 'committee',
    nav: { label: 'Committee inbox', section: 'Access' },
  },
  {
    path: '/access/representative',
    component: RepresentativeInboxPage,
    access: 'representative',
    nav: { label: 'Representative inbox', section: 'Access' },
  },
  { path: '/notifications', component: NotificationsPage, access: 'user' },
  { path: '/admin/searches/:id', component: AuditSearchPage, access: 'admin' },
  {
    path: '/admin/outbox',
    component: OutboxPage,
    access: 'admin',
    nav: { label: 'Mail outbox', section: 'Admin' },
  },
  {
    path: '/admin/users',
    component: AdminUsersPage,
    access: 'admin',
    nav: { label: 'Users', section: 'Admin' },
  },
  {
    path: '/admin/organisations',
    component: AdminOrganisationsPage,
    access: 'admin',
    nav: { label: 'Organisations', section: 'Admin' },
  },
  {
    path: '/admin/nodes',
    component: AdminNodesPage,
    access: 'admin',
    nav: { label: 'Nodes', section: 'Admin' },
  },
  {
    path: '/admin/audit',
    component: AuditPage,
    access: 'admin',
    nav: { label: 'Audit log', section: 'Admin' },
  },
];
