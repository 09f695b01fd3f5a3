import { createHmac } from 'node:crypto';
import { CsrfTokens } from './csrf';

/** A message for the page a redirect leads to ("Granted …"), carried in a signed cookie. */
export interface Flash {
  readonly kind: 'success' | 'error';
  readonly text: string;
}

export class FlashCodec {
  constructor(private readonly secretKey: string) {}

  private mac(payload: string): string {
    return createHmac('sha256', this.secretKey)
      .update(`admin-flash:${payload}`)
      .digest('base64url');
  }

  encode(flash: Flash): string {
    const payload = Buffer.from(JSON.stringify([flash.kind, flash.text.slice(0, 500)])).toString(
      'base64url',
    );
    return `${payload}.${this.mac(payload)}`;
  }

  decode(value: string | undefined): Flash | null {
    if (!value) return null;
    const [payload, mac] = value.split('.');
    if (!payload || !mac || !CsrfTokens.matches(this.mac(payload), mac)) return null;
    try {
      const [kind, text] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as [
        unknown,
        unknown,
      ];
      if ((kind === 'success' || kind === 'error') && typeof text === 'string') {
        return { kind, text };
      }
    } catch {
      // not ours
    }
    return null;
  }
}
