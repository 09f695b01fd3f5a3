import { DataSource } from 'typeorm';
import { User } from '../src/accounts/user.entity';
import { loadConfig } from '@hlp/config';
import { AppError } from '../src/common/app-error';
import { dataSourceOptions } from '../src/database/data-source-options';
import { pendingMigrations, runMigrations } from '../src/database/migrations';
import { POSTGRES_MIGRATIONS } from '../src/database/migrations/postgres';
import { SQLITE_MIGRATIONS } from '../src/database/migrations/sqlite';
import { DomainPermission } from '../src/domains/domain-permission.entity';
import { Domain } from '../src/domains/domain.entity';
import { ENGINES } from './support/databases';
import { createTestEnvironment, type TestEnvironment } from './support/test-app';

describe.each(ENGINES)('database on %s', (engine) => {
  let environment: TestEnvironment;
  let dataSource: DataSource;

  beforeAll(async () => {
    environment = await createTestEnvironment(engine);
    dataSource = new DataSource(dataSourceOptions(loadConfig(environment.env).database));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await environment.cleanup();
  });

  it('migrates an empty database, and a second run has nothing to do', async () => {
    expect(await pendingMigrations(dataSource)).toHaveLength(dataSource.migrations.length);
    const applied = await runMigrations(dataSource);
    expect(applied).toHaveLength(dataSource.migrations.length);
    expect(await pendingMigrations(dataSource)).toEqual([]);
    expect(await runMigrations(dataSource)).toEqual([]);
  });

  it('has no drift between the entities and the migrations', async () => {
    // What `typeorm migration:generate` would write: nothing, when the two agree.
    const sql = await dataSource.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('enforces unique usernames, domains and grants', async () => {
    const users = dataSource.getRepository(User);
    const alice = await users.save(users.create({ username: 'uq-alice', passwordHash: 'x' }));
    await expect(users.insert({ username: 'uq-alice', passwordHash: 'y' })).rejects.toThrow();
    await expect(users.insert({ username: 'UQ-Alice', passwordHash: 'y' })).rejects.toThrow();

    const domains = dataSource.getRepository(Domain);
    const domain = await domains.save(domains.create({ fqdn: 'unique.example.com' }));
    await expect(domains.insert({ fqdn: 'unique.example.com' })).rejects.toThrow();

    const grants = dataSource.getRepository(DomainPermission);
    await grants.insert({ userId: alice.id, domainId: domain.id, accessLevel: 'domain' });
    await expect(
      grants.insert({ userId: alice.id, domainId: domain.id, accessLevel: 'domain' }),
    ).rejects.toThrow();
    // The same domain at the other level is a different grant.
    await grants.insert({ userId: alice.id, domainId: domain.id, accessLevel: 'subdomain' });
    await expect(
      grants.insert({
        userId: alice.id,
        domainId: domain.id,
        accessLevel: 'everything' as 'domain',
      }),
    ).rejects.toThrow();
  });

  it('refuses to make usernames unique whatever their case while some differ only in case, naming them', async () => {
    const older = await createTestEnvironment(engine);
    const options = dataSourceOptions(loadConfig(older.env).database);
    const all = engine === 'sqlite' ? SQLITE_MIGRATIONS : POSTGRES_MIGRATIONS;
    const index = all.findIndex((migration) => migration.name.startsWith('UsernamesUnique'));
    const before = new DataSource({ ...options, migrations: all.slice(0, index) });
    const after = new DataSource(options);
    try {
      await before.initialize();
      await runMigrations(before);
      const users = before.getRepository(User);
      const [, second] = await users.save(
        ['Carol', 'carol', 'CAROL', 'dave', 'Dave', 'erin'].map((username) =>
          users.create({ username, passwordHash: 'x' }),
        ),
      );
      await before.destroy();

      await after.initialize();
      // An AppError: the CLI prints its message alone, without a stack.
      await expect(runMigrations(after)).rejects.toBeInstanceOf(AppError);
      await expect(runMigrations(after)).rejects.toThrow(
        /^usernames must now differ by more than case, and these do not: "Carol" \(id \d+\), "carol" \(id \d+\), "CAROL" \(id \d+\); "dave" \(id \d+\), "Dave" \(id \d+\)\. Rename or delete all but one of each, e\.g\. UPDATE users SET username = 'carol-2' WHERE id = \d+; then run `lego-provider migrate` again\.$/,
      );
      expect(await pendingMigrations(after)).toHaveLength(all.length - index);
      const users2 = after.getRepository(User);
      await users2.update({ id: second.id }, { username: 'carol-2' });
      await users2.delete({ username: 'CAROL' });
      await users2.delete({ username: 'Dave' });
      expect(await runMigrations(after)).toHaveLength(all.length - index);
    } finally {
      if (before.isInitialized) await before.destroy();
      if (after.isInitialized) await after.destroy();
      await older.cleanup();
    }
  });

  // Only PostgreSQL has them: SQLite serves one instance, which takes no turns.
  if (engine === 'postgres')
    it("keeps the push turns' tables out of the write-ahead log", async () => {
      const tables: { relname: string; relpersistence: string }[] = await dataSource.query(
        `SELECT relname, relpersistence FROM pg_class
          WHERE relname IN ('record_pushes', 'record_handoffs') ORDER BY relname`,
      );
      expect(tables).toEqual([
        { relname: 'record_handoffs', relpersistence: 'u' },
        { relname: 'record_pushes', relpersistence: 'u' },
      ]);
    });

  it('deletes grants with their user or their domain', async () => {
    const users = dataSource.getRepository(User);
    const domains = dataSource.getRepository(Domain);
    const grants = dataSource.getRepository(DomainPermission);
    const bob = await users.save(users.create({ username: 'cascade-bob', passwordHash: 'x' }));
    const carol = await users.save(users.create({ username: 'cascade-carol', passwordHash: 'x' }));
    const one = await domains.save(domains.create({ fqdn: 'one.cascade.example' }));
    const two = await domains.save(domains.create({ fqdn: 'two.cascade.example' }));
    await grants.insert([
      { userId: bob.id, domainId: one.id, accessLevel: 'domain' },
      { userId: bob.id, domainId: two.id, accessLevel: 'domain' },
      { userId: carol.id, domainId: one.id, accessLevel: 'subdomain' },
    ]);

    await users.delete({ id: bob.id });
    expect(await grants.countBy({ userId: bob.id })).toBe(0);
    expect(await grants.countBy({ userId: carol.id })).toBe(1);

    await domains.delete({ id: one.id });
    expect(await grants.countBy({ userId: carol.id })).toBe(0);
  });
});
