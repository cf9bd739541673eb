// The new-password pages reached from sign-in (one lazy chunk): the forced change and the page an
// admin's "send a link" mail opens. They share the password form and its live feedback.
export { MustChangePasswordPage } from '../sign-in/MustChangePasswordPage';
export { SetPasswordPage } from '../sign-in/SetPasswordPage';
