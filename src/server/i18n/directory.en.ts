/** English texts of the directory connection (issue 14): the directory.* problem titles and directory.password_refused's issue codes. */
export const directoryEn = {
  'directory.password_refused': 'Your organisation\u2019s directory didn\u2019t accept this password. Choose another one.',
  'directory.unavailable': 'Your organisation\u2019s directory can\u2019t be reached right now, so nothing was changed. Try again in a few minutes.',
  'directory.misconfigured':
    'The connection to your organisation\u2019s directory isn\u2019t set up correctly, so nothing was changed. Contact your administrator.',
  'directory.not_configured': 'No on-premises directory is connected.',
  'directory.sync_running': 'A sync with the directory is already running. Wait until it ends.',
  'directory.field_managed': 'This field comes from your organisation\u2019s directory and can only be changed there.',
  'directory.user_missing': 'This user no longer exists in your organisation\u2019s directory.',
  'directory.unlock_not_available': 'This account can\u2019t be unlocked here.',

  'directory.password_too_short': 'The password is too short for your organisation\u2019s directory.',
  'directory.password_in_history': 'You\u2019ve used this password recently. Choose one you haven\u2019t used before.',
  'directory.password_too_young': 'Your password was changed too recently to change it again now. Try again later.',
  'directory.password_quality': 'The password doesn\u2019t meet the complexity rules of your organisation\u2019s directory.',
  'directory.password_constraint': 'The password doesn\u2019t meet the password rules of your organisation\u2019s directory (length, complexity or history).',
  'directory.current_password_wrong': 'Your current password is incorrect.',
} as const;
