/** English texts of the contact-details notice (issue 17; checklist N4): an admin changed a user's addresses or numbers. */
export const contactEn = {
  'mail.contact_changed.subject': 'The contact details of your {organization} account were changed',
  'mail.contact_changed.body':
    'An administrator changed the contact details of your account {account} on {time}: {fields}. Password reset codes and links sent before the change no longer work.',
  'mail.contact_changed.old_and_new': 'We sent this message to the addresses on your account before and after the change.',
  'mail.contact_changed.field.mail': 'email address',
  'mail.contact_changed.field.otherMails': 'alternate email addresses',
  'mail.contact_changed.field.mobilePhone': 'mobile phone',
  'mail.contact_changed.field.businessPhones': 'business phone',
  'sms.contact_changed': '{organization}: an administrator changed the mobile number of your account. If you did not expect this, contact your helpdesk.',
} as const;
