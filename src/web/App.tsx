import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { currentLanguage } from './i18n';
import { ApiError, setPasswordChangeRequiredHandler, setUnauthenticatedHandler } from './shared/api';
import { NotFoundPage } from './shared/NotFoundPage';
import { RequireAuth, RequirePermission, RootLayout } from './shared/guards';
import { clearSession, meKey } from './shared/session';
import { PERMISSIONS, type Permission } from '../shared/roles.js';
import { SignInPage } from './sign-in/SignInPage';
// Every other page is in a lazily loaded route group (issue 13 item 1; docs/web.md "First load and caching").
import {
  ActiveUsersPage,
  AdminHomePage,
  AppPage,
  AppsPage,
  AuditLogPage,
  ChangePasswordPage,
  DirectorySyncPage,
  Lazy,
  MailPage,
  MfaPage,
  MfaPolicyPage,
  MustChangePasswordPage,
  NoAccess,
  OverviewPage,
  PasswordPolicyPage,
  PasswordProtectionPage,
  PasswordResetReportPage,
  RecoverPage,
  SecurityInfoPage,
  SecurityPage,
  SelfServiceResetSettingsPage,
  SetPasswordPage,
  SignInsPage,
  SignedInLayout,
} from './routes/lazy';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Client errors (4xx) will not get better by asking again.
      retry: (count, err) => count < 2 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
    },
  },
});

// A 401 from any API call means the session is gone: forget it, and the route guards send the
// visitor to /sign-in?returnTo=<where they were>.
setUnauthenticatedHandler(() => clearSession(queryClient));
// A 403 auth.password_change_required means the session became limited: re-read /me, and the
// root layout then keeps the user on /change-password.
setPasswordChangeRequiredHandler(() => void queryClient.invalidateQueries({ queryKey: meKey, exact: true }));

// The admin centre's pages, each behind the permission(s) that open it (any one suffices).
const adminPages: { path: string; permission: Permission | readonly Permission[]; page: ReactNode }[] = [
  { path: '/admin', permission: PERMISSIONS.adminCentre, page: <AdminHomePage /> },
  { path: '/admin/users', permission: PERMISSIONS.usersRead, page: <ActiveUsersPage /> },
  { path: '/admin/users/directory-sync', permission: PERMISSIONS.usersRead, page: <DirectorySyncPage /> },
  { path: '/admin/reports/sign-ins', permission: PERMISSIONS.reportsRead, page: <SignInsPage /> },
  { path: '/admin/reports/password-reset', permission: PERMISSIONS.reportsRead, page: <PasswordResetReportPage /> },
  { path: '/admin/reports/audit', permission: PERMISSIONS.auditRead, page: <AuditLogPage /> },
  { path: '/admin/settings/security', permission: [PERMISSIONS.passwordPolicy, PERMISSIONS.passwordExpiry], page: <PasswordPolicyPage /> },
  { path: '/admin/settings/password-protection', permission: [PERMISSIONS.passwordPolicy, PERMISSIONS.lockout], page: <PasswordProtectionPage /> },
  { path: '/admin/settings/self-service-password-reset', permission: PERMISSIONS.ssprSettings, page: <SelfServiceResetSettingsPage /> },
  { path: '/admin/settings/mail', permission: PERMISSIONS.mailRead, page: <MailPage /> },
  { path: '/admin/settings/multifactor', permission: PERMISSIONS.mfaSettings, page: <MfaPolicyPage /> },
  { path: '/admin/apps', permission: PERMISSIONS.appsManage, page: <AppsPage /> },
  { path: '/admin/apps/:id', permission: PERMISSIONS.appsManage, page: <AppPage /> },
];

export function App() {
  return (
    <FluentProvider theme={webLightTheme} dir="ltr" lang={currentLanguage()}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <Routes>
            <Route element={<RootLayout />}>
              <Route path="/sign-in" element={<SignInPage />} />
              <Route
                path="/sign-in/mfa"
                element={
                  <Lazy>
                    <MfaPage />
                  </Lazy>
                }
              />
              <Route
                path="/recover"
                element={
                  <Lazy>
                    <RecoverPage />
                  </Lazy>
                }
              />
              {/* Public: the page an admin's "send a link" mail opens (#token=… in the fragment). */}
              <Route
                path="/set-password"
                element={
                  <Lazy>
                    <SetPasswordPage />
                  </Lazy>
                }
              />
              <Route
                path="/change-password"
                element={
                  <RequireAuth>
                    <Lazy>
                      <MustChangePasswordPage />
                    </Lazy>
                  </RequireAuth>
                }
              />
              {/* The registration interrupt (security info) comes between sign-in and the frame. */}
              <Route
                element={
                  <RequireAuth>
                    <Lazy>
                      <SignedInLayout />
                    </Lazy>
                  </RequireAuth>
                }
              >
                <Route index element={<Navigate to="/account" replace />} />
                <Route
                  path="/account"
                  element={
                    <Lazy>
                      <OverviewPage />
                    </Lazy>
                  }
                />
                <Route
                  path="/account/security"
                  element={
                    <Lazy>
                      <SecurityPage />
                    </Lazy>
                  }
                />
                <Route
                  path="/account/password"
                  element={
                    <Lazy>
                      <ChangePasswordPage />
                    </Lazy>
                  }
                />
                <Route
                  path="/account/security-info"
                  element={
                    <Lazy>
                      <SecurityInfoPage />
                    </Lazy>
                  }
                />
                {adminPages.map(({ path, permission, page }) => (
                  <Route
                    key={path}
                    path={path}
                    element={
                      <Lazy>
                        <RequirePermission permission={permission} fallback={<NoAccess />}>
                          {page}
                        </RequirePermission>
                      </Lazy>
                    }
                  />
                ))}
                <Route path="/admin/reports" element={<Navigate to="/admin/reports/sign-ins" replace />} />
                <Route path="/admin/settings" element={<Navigate to="/admin/settings/security" replace />} />
              </Route>
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </QueryClientProvider>
    </FluentProvider>
  );
}
