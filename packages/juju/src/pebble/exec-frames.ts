import { isJsonObject } from '../json';

/** The TEXT frame that ends a stream on an exec websocket, in both directions. */
export const END_COMMAND = JSON.stringify({ command: 'end' });

/** Whether a TEXT frame is Pebble's `{"command":"end"}`. */
export function isEndCommand(frame: Buffer | string): boolean {
  try {
    const message: unknown = JSON.parse(frame.toString());
    return isJsonObject(message) && message.command === 'end';
  } catch {
    return false;
  }
}
