const PRIVATE_KEY =
  /^-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----\n[\s\S]+\n-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----$/;

/**
 * The key as ssh reads it (LF line ends, one final newline: OpenSSH refuses a key without it),
 * or undefined when the text is not an OpenSSH or PEM private key.
 */
export function normalizePrivateKey(text: string): string | undefined {
  const key = text.replace(/\r\n?/g, '\n').trim();
  return PRIVATE_KEY.test(key) ? `${key}\n` : undefined;
}
