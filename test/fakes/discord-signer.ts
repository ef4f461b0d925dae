/**
 * Signs requests the way Discord signs HTTP interactions: Ed25519 over `X-Signature-Timestamp` + the raw body, with a
 * key pair made for the test (the public half is handed to the bot as its 64-hex `DISCORD_PUBLIC_KEY`).
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export class DiscordSigner {
  readonly publicKeyHex: string;
  private readonly privateKey: KeyObject;

  constructor() {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    // The raw key is the last 32 bytes of the SPKI DER encoding.
    this.publicKeyHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
    this.privateKey = privateKey;
  }

  headers(body: string, timestamp = String(Math.floor(Date.now() / 1000))): Record<string, string> {
    const signature = sign(null, Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]), this.privateKey).toString('hex');
    return { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp };
  }

  /** POSTs a signed interaction to `url`; returns the status and the parsed JSON answer (or the raw text). */
  async post(url: string, payload: unknown): Promise<{ status: number; body: unknown }> {
    const body = JSON.stringify(payload);
    const response = await fetch(url, { method: 'POST', headers: this.headers(body), body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed };
  }
}
