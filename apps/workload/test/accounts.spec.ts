import { AccountsService } from '../src/accounts/accounts.service';
import { User } from '../src/accounts/user.entity';
import { AuthenticationService } from '../src/identity/authentication.service';
import { PasswordHasher } from '../src/passwords/password-hasher';
import { ENGINES } from './support/databases';
import {
  createTestEnvironment,
  startTestApp,
  type TestApp,
  type TestEnvironment,
} from './support/test-app';

// "correct horse battery staple" as Django stores it (python3 hashlib.pbkdf2_hmac).
const DJANGO_HASH =
  'pbkdf2_sha256$1200000$Nc1oWXbQ2Zr6kS3vQJ0x7c$hRNEjOL1F2XCpx0Fm9FCjIqS9jWUStHDSdAsgQ6mUAY=';

describe.each(ENGINES)('accounts on %s', (engine) => {
  let environment: TestEnvironment;
  let testApp: TestApp;
  let accounts: AccountsService;
  let hasher: PasswordHasher;
  let authentication: AuthenticationService;
  const signIn = (username: string, password: string) =>
    authentication.authenticate(username, password, { address: '127.0.0.1' });

  beforeAll(async () => {
    environment = await createTestEnvironment(engine);
    testApp = await startTestApp(environment);
    accounts = testApp.app.get(AccountsService);
    hasher = testApp.app.get(PasswordHasher);
    authentication = testApp.app.get(AuthenticationService);
  });

  afterAll(async () => {
    await testApp.close();
    await environment.cleanup();
  });

  afterEach(() => jest.restoreAllMocks());

  it('authenticates with the password, once with the hash and then from the cache', async () => {
    await accounts.upsertUser('cache-user', { password: 'a-long-password-1' });
    const verify = jest.spyOn(hasher, 'verify');
    expect((await signIn('cache-user', 'a-long-password-1'))?.username).toBe('cache-user');
    expect((await signIn('cache-user', 'a-long-password-1'))?.username).toBe('cache-user');
    expect((await signIn('cache-user', 'a-long-password-1'))?.username).toBe('cache-user');
    expect(verify).toHaveBeenCalledTimes(1);
    expect(await signIn('cache-user', 'a-long-password-2')).toBeNull();
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('verifies concurrent requests with the same credentials once', async () => {
    await accounts.upsertUser('herd', { password: 'herd-password-1' });
    const verify = jest.spyOn(hasher, 'verify');
    const users = await Promise.all(
      Array.from({ length: 10 }, () => signIn('herd', 'herd-password-1')),
    );
    expect(users.map((user) => user?.username)).toEqual(Array(10).fill('herd'));
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('stops accepting the old password as soon as it is changed, here or in another process', async () => {
    await accounts.upsertUser('changer', { password: 'first-password-1' });
    expect(await signIn('changer', 'first-password-1')).not.toBeNull();
    await accounts.upsertUser('changer', { password: 'second-password-2' });
    expect(await signIn('changer', 'first-password-1')).toBeNull();
    expect(await signIn('changer', 'second-password-2')).not.toBeNull();

    // Another process (the CLI, another unit) writes a new hash straight into the database.
    const elsewhere = await hasher.hash('third-password-3');
    await testApp.dataSource
      .getRepository(User)
      .update({ username: 'changer' }, { passwordHash: elsewhere });
    expect(await signIn('changer', 'second-password-2')).toBeNull();
    expect(await signIn('changer', 'third-password-3')).not.toBeNull();
  });

  it('refuses a deactivated user, even one in the cache, and a deleted one', async () => {
    await accounts.upsertUser('leaver', { password: 'leaver-password-1' });
    expect(await signIn('leaver', 'leaver-password-1')).not.toBeNull();
    await accounts.setActive('leaver', false);
    expect(await signIn('leaver', 'leaver-password-1')).toBeNull();
    await accounts.setActive('leaver', true);
    expect(await signIn('leaver', 'leaver-password-1')).not.toBeNull();
    await accounts.deleteUser('leaver');
    expect(await signIn('leaver', 'leaver-password-1')).toBeNull();
  });

  it('keeps usernames unique whatever their case, and signs in by the exact name', async () => {
    const { user: alice } = await accounts.createUser('Case-Alice', {
      password: 'case-alice-password',
    });
    const { user: bob } = await accounts.createUser('case-bob', { password: 'case-bob-password' });
    const taken =
      'A user with that username already exists: "Case-Alice" (usernames must differ by more than case).';
    await expect(accounts.createUser('case-alice')).rejects.toThrow(taken);
    await expect(accounts.upsertUser('CASE-ALICE')).rejects.toThrow(taken);
    await expect(accounts.updateUser(bob.id, { username: 'case-ALICE' })).rejects.toThrow(taken);
    await expect(accounts.createUser('Case-Alice')).rejects.toThrow(
      'A user with that username already exists.',
    );
    // The same name in another case is a name nobody has: as in Django, names match exactly.
    expect(await signIn('case-alice', 'case-alice-password')).toBeNull();
    expect(await signIn('Case-Alice', 'case-alice-password')).not.toBeNull();
    // Changing the case of one's own name is a rename like any other.
    expect((await accounts.updateUser(alice.id, { username: 'case-alice' })).username).toBe(
      'case-alice',
    );
    expect(await signIn('case-alice', 'case-alice-password')).not.toBeNull();
  });

  it('checks a decoy hash for unknown users', async () => {
    const decoy = jest.spyOn(hasher, 'verifyDecoy');
    expect(await signIn('nobody-here', 'whatever-password')).toBeNull();
    expect(decoy).toHaveBeenCalledTimes(1);
  });

  it('accepts a password imported from Django and upgrades its hash on that login', async () => {
    const users = testApp.dataSource.getRepository(User);
    await users.insert({ username: 'django-user', passwordHash: DJANGO_HASH });
    expect(await signIn('django-user', 'wrong password')).toBeNull();
    expect((await users.findOneByOrFail({ username: 'django-user' })).passwordHash).toBe(
      DJANGO_HASH,
    );

    const user = await signIn('django-user', 'correct horse battery staple');
    expect(user?.username).toBe('django-user');
    const stored = await users.findOneByOrFail({ username: 'django-user' });
    // Upgraded to the cost new hashes get, the test apps' (see TEST_PASSWORD_COST).
    expect(stored.passwordHash).toMatch(/^scrypt\$ln=4,r=8,p=1\$/);
    expect(stored.lastLoginAt).toBeInstanceOf(Date);
    expect(await signIn('django-user', 'correct horse battery staple')).not.toBeNull();
  });
});
