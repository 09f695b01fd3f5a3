import { buildPostgresqlUri } from './postgresql-uri';

describe('buildPostgresqlUri', () => {
  it('percent-encodes credentials and the database name', () => {
    const uri = buildPostgresqlUri({
      username: 'relation_id_7',
      password: 'p@ss:w/rd#?%',
      endpoint: 'pg-primary.model.svc.cluster.local:5432',
      database: 'my db',
    });

    expect(uri).toBe(
      'postgresql://relation_id_7:p%40ss%3Aw%2Frd%23%3F%25@pg-primary.model.svc.cluster.local:5432/my%20db',
    );
    const parsed = new URL(uri);
    expect(decodeURIComponent(parsed.password)).toBe('p@ss:w/rd#?%');
    expect(parsed.host).toBe('pg-primary.model.svc.cluster.local:5432');
  });
});
