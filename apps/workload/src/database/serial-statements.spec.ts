import type { Client, QueryConfig, QueryResult } from 'pg';
import { serialStatements } from './serial-statements';

/** A connection that answers each statement when told to, and notes how many ran at once. */
function heldConnection() {
  const pending: { text: string; settle: (error?: Error) => void }[] = [];
  const sent: string[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const client = {
    query: (statement: QueryConfig) => {
      sent.push(statement.text);
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      return new Promise<QueryResult>((resolve, reject) => {
        pending.push({
          text: statement.text,
          settle: (error) => {
            running -= 1;
            if (error) reject(error);
            else resolve({ rows: [{ text: statement.text }] } as unknown as QueryResult);
          },
        });
      });
    },
  } as unknown as Client;
  const answerNext = async (error?: Error) => {
    pending.shift()?.settle(error);
    // Let the chain send what it holds next.
    for (let i = 0; i < 5; i += 1) await Promise.resolve();
  };
  return { client, sent, answerNext, mostAtOnce: () => mostAtOnce };
}

describe('serial statements', () => {
  it('sends each statement once the one before is answered, in the order asked', async () => {
    const connection = heldConnection();
    const statements = serialStatements(connection.client);
    const answers = ['take', 'store', 'record'].map((text) => statements.query({ text }));
    await Promise.resolve();
    expect(connection.sent).toEqual(['take']);
    await connection.answerNext();
    expect(connection.sent).toEqual(['take', 'store']);
    await connection.answerNext();
    await connection.answerNext();
    const rows = await Promise.all(answers);
    expect(rows.map(({ rows: [row] }) => row)).toEqual([
      { text: 'take' },
      { text: 'store' },
      { text: 'record' },
    ]);
    expect(connection.mostAtOnce()).toBe(1);
  });

  it('goes on after a statement fails: that caller gets the error, the next one its answer', async () => {
    const connection = heldConnection();
    const statements = serialStatements(connection.client);
    const failing = statements.query({ text: 'store' });
    const next = statements.query({ text: 'record' });
    await Promise.resolve();
    await connection.answerNext(new Error('deadlock detected'));
    await expect(failing).rejects.toThrow('deadlock detected');
    await connection.answerNext();
    await expect(next).resolves.toMatchObject({ rows: [{ text: 'record' }] });
    expect(connection.sent).toEqual(['store', 'record']);
  });
});
