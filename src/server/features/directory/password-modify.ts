/*
 * The OpenLDAP password operations' wire formats: the RFC 3062 Password Modify extended request,
 * and the password policy control (draft-behera-ldap-password-policy) whose answer says why
 * ppolicy refused a password or a bind (too short, in history, locked, must change).
 */
import { BerWriter, Control, type BerReader } from 'ldapts';

/** RFC 3062 LDAP Password Modify extended operation. */
export const PASSWORD_MODIFY_OID = '1.3.6.1.4.1.4203.1.11.1';

/** PasswdModifyRequestValue ::= SEQUENCE { userIdentity [0], oldPasswd [1], newPasswd [2] } (all OPTIONAL OCTET STRINGs, UTF-8). */
export function passwordModifyRequest(value: { userIdentity?: string; oldPassword?: string; newPassword: string }): Buffer {
  const writer = new BerWriter();
  writer.startSequence(0x30);
  if (value.userIdentity !== undefined) writer.writeString(value.userIdentity, 0x80);
  if (value.oldPassword !== undefined) writer.writeString(value.oldPassword, 0x81);
  writer.writeString(value.newPassword, 0x82);
  writer.endSequence();
  return writer.buffer;
}

/** The ppolicy response's error values. */
export const PPOLICY_ERRORS = [
  'passwordExpired',
  'accountLocked',
  'changeAfterReset',
  'passwordModNotAllowed',
  'mustSupplyOldPassword',
  'insufficientPasswordQuality',
  'passwordTooShort',
  'passwordTooYoung',
  'passwordInHistory',
] as const;
export type PpolicyError = (typeof PPOLICY_ERRORS)[number];

/**
 * The password policy request control (no value). ldapts hands a response control of the same
 * type back to this request object's parseControl, so after the operation (also after it
 * threw) `error` and the warnings hold the server's answer, if it sent one.
 */
export class PasswordPolicyControl extends Control {
  static readonly type = '1.3.6.1.4.1.42.2.27.8.5.1';
  error: PpolicyError | null = null;
  timeBeforeExpiration: number | null = null;
  graceAuthNsRemaining: number | null = null;

  constructor() {
    super(PasswordPolicyControl.type, { critical: false });
  }

  protected override parseControl(reader: BerReader): void {
    // PasswordPolicyResponseValue ::= SEQUENCE { warning [0] CHOICE { timeBeforeExpiration [0] INTEGER, graceAuthNsRemaining [1] INTEGER } OPTIONAL, error [1] ENUMERATED OPTIONAL }
    const tlvs = readTlvs(reader.buffer);
    const sequence = tlvs[0];
    if (!sequence || sequence.tag !== 0x30) return;
    for (const item of readTlvs(sequence.value)) {
      if (item.tag === 0x81) this.error = PPOLICY_ERRORS[integer(item.value)] ?? null;
      if (item.tag === 0xa0) {
        for (const warning of readTlvs(item.value)) {
          if (warning.tag === 0x80) this.timeBeforeExpiration = integer(warning.value);
          if (warning.tag === 0x81) this.graceAuthNsRemaining = integer(warning.value);
        }
      }
    }
  }
}

interface Tlv {
  tag: number;
  value: Buffer;
}

/** Definite-length BER/DER TLVs at one level; stops quietly at anything malformed. */
function readTlvs(buffer: Buffer): Tlv[] {
  const out: Tlv[] = [];
  let offset = 0;
  while (offset + 2 <= buffer.length) {
    const tag = buffer[offset]!;
    let length = buffer[offset + 1]!;
    offset += 2;
    if (length & 0x80) {
      const bytes = length & 0x7f;
      if (bytes === 0 || bytes > 4 || offset + bytes > buffer.length) break;
      length = buffer.readUIntBE(offset, bytes);
      offset += bytes;
    }
    if (offset + length > buffer.length) break;
    out.push({ tag, value: buffer.subarray(offset, offset + length) });
    offset += length;
  }
  return out;
}

function integer(bytes: Buffer): number {
  if (bytes.length === 0 || bytes.length > 6) return -1;
  return bytes.readIntBE(0, bytes.length);
}
