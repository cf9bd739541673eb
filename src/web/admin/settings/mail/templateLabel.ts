import type { TFunction } from 'i18next';
import { isMailTemplate } from '../../../../shared/mail-templates.js';

/** A message's template as a readable name ("Password reset code"); a template this version does not know is shown as its id. */
export function templateLabel(t: TFunction, template: string): string {
  return isMailTemplate(template) ? t(`mailTemplates.${template}`) : template;
}
