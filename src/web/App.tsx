import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { ChangePasswordPage } from './account/ChangePasswordPage';
import { OverviewPage } from './account/OverviewPage';
import { SecurityPage } from './account/SecurityPage';
import { SecurityInfoGate } from './account/security-info/SecurityInfoGate';
import { SecurityInfoPage } from './account/security-info/SecurityInfoPage';
import { ActiveUsersPage } from './admin/ActiveUsersPage';
import { AdminHomePage } from './admin/AdminHomePage';
import { NoAccess } from './admin/NoAccess';
import { AuditLogPage } from './admin/reports/AuditLogPage';
import { PasswordResetReportPage } from './admin/reports/PasswordResetReportPage';
import { SignInsPage } from './admin/reports/SignInsPage';
import { MailPage } from './admin/settings/MailPage';
import { PasswordPolicyPage } from './admin/settings/PasswordPolicyPage';
import { PasswordProtectionPage } from './admin/settings/PasswordProtectionPage';
import { SelfServiceResetSettingsPage } from './admin/settings/SelfServiceResetSettingsPage';
import { currentLanguage } from './i18n';
import { ApiError, setPasswordChangeRequiredHandler, setUnauthenticatedHandler } from './shared/api';
import { Frame } from './shared/Frame';
import { NotFoundPage } from './shared/NotFoundPage';
import { RequireAuth, RequirePermission, RootLayout } from './shared/guards';
import { clearSession, meKey } from './shared/session';
import { PERMISSIONS, type Permission } from '../shared/roles.js';
import { MustChangePasswordPage } from './sign-in/MustChangePasswordPage';
import { RecoverPage } from './sign-in/RecoverPage';
import { SetPasswordPage } from './sign-in/SetPasswordPage';
import { SignInPage } from './sign-in/SignInPage';
import { MfaPage } from './sign-in/MfaPage';
import { MfaPolicyPage } from './admin/settings/MfaPolicyPage';

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
  { path: '/admin/reports/sign-ins', permission: PERMISSIONS.reportsRead, page: <SignInsPage /> },
  { path: '/admin/reports/password-reset', permission: PERMISSIONS.reportsRead, page: <PasswordResetReportPage /> },
  { path: '/admin/reports/audit', permission: PERMISSIONS.auditRead, page: <AuditLogPage /> },
  { path: '/admin/settings/security', permission: [PERMISSIONS.passwordPolicy, PERMISSIONS.passwordExpiry], page: <PasswordPolicyPage /> },
  { path: '/admin/settings/password-protection', permission: [PERMISSIONS.passwordPolicy, PERMISSIONS.lockout], page: <PasswordProtectionPage /> },
  { path: '/admin/settings/self-service-password-reset', permission: PERMISSIONS.ssprSettings, page: <SelfServiceResetSettingsPage /> },
  { path: '/admin/settings/mail', permission: PERMISSIONS.mailRead, page: <MailPage /> },
  { path: '/admin/settings/multifactor', permission: PERMISSIONS.mfaSettings, page: <MfaPolicyPage /> },
];

export function App() {
  return (
    <FluentProvider theme={webLightTheme} dir="ltr" lang={currentLanguage()}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <Routes>
            <Route element={<RootLayout />}>
              <Route path="/sign-in" element={<SignInPage />} />
              <Route path="/sign-in/mfa" element={<MfaPage />} />
              <Route path="/recover" element={<RecoverPage />} />
              {/* Public: the page an admin's "send a link" mail opens (#token=… in the fragment). */}
              <Route path="/set-password" element={<SetPasswordPage />} />
              <Route
                path="/change-password"
                element={
                  <RequireAuth>
                    <MustChangePasswordPage />
                  </RequireAuth>
                }
              />
              {/* The registration interrupt (security info) comes between sign-in and the frame. */}
              <Route
                element={
                  <RequireAuth>
                    <SecurityInfoGate>
                      <Frame />
                    </SecurityInfoGate>
                  </RequireAuth>
                }
              >
                <Route index element={<Navigate to="/account" replace />} />
                <Route path="/account" element={<OverviewPage />} />
                <Route path="/account/security" element={<SecurityPage />} />
                <Route path="/account/password" element={<ChangePasswordPage />} />
                <Route path="/account/security-info" element={<SecurityInfoPage />} />
                {adminPages.map(({ path, permission, page }) => (
                  <Route
                    key={path}
                    path={path}
                    element={
                      <RequirePermission permission={permission} fallback={<NoAccess />}>
                        {page}
                      </RequirePermission>
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
