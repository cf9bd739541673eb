import type { FastifySchemaValidationError } from 'fastify';
import type { Issue } from '../core/errors.js';

/** Turns zod issues (as fastify-type-provider-zod passes them) into localisable issues. */
export function issuesFromValidation(errors: FastifySchemaValidationError[]): Issue[] {
  return errors.map((e): Issue => {
    const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const p = e.params;
    switch (e.keyword) {
      case 'invalid_type':
        return p.input === undefined ? { path, code: 'field.required' } : { path, code: 'field.invalid_type', params: { expected: String(p.expected) } };
      case 'too_small':
        return p.origin === 'string' || p.origin === 'array'
          ? { path, code: 'field.too_short', params: { minimum: Number(p.minimum) } }
          : { path, code: 'field.too_small', params: { minimum: Number(p.minimum) } };
      case 'too_big':
        return p.origin === 'string' || p.origin === 'array'
          ? { path, code: 'field.too_long', params: { maximum: Number(p.maximum) } }
          : { path, code: 'field.too_big', params: { maximum: Number(p.maximum) } };
      case 'invalid_format':
        return { path, code: p.format === 'email' ? 'field.invalid_email' : 'field.invalid_format' };
      case 'invalid_value':
        return { path, code: 'field.invalid_option', params: { options: Array.isArray(p.values) ? p.values.join(', ') : '' } };
      case 'unrecognized_keys':
        return { path: [path, ...(Array.isArray(p.keys) ? (p.keys as unknown[]) : [])].filter(Boolean).join('.'), code: 'field.unknown_key' };
      default:
        return { path, code: 'field.invalid' };
    }
  });
}
