/*
 * The outbox's port for text messages and voice calls: the worker delivers through any provider
 * that implements it (features/sms has the dev and HTTP gateways), so notifications never import them.
 */

export interface TextMessage {
  /** The phone number in E.164, such as +31612345678. */
  to: string;
  text: string;
  /** A text message to a mobile phone, or a text-to-speech call to an office phone. */
  kind: 'sms' | 'voice';
  /** The outbox id: stable across retries, so a gateway can recognise a message it already sent. */
  messageId: string;
}

export interface SmsProvider {
  readonly kind: 'dev' | 'http';
  /** @throws Error when the message was not accepted; its message never contains the text (which holds a code). */
  send(message: TextMessage): Promise<void>;
  close?(): void;
}
