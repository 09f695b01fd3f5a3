// The layer rules of the workload (see ARCHITECTURE.md); `pnpm lint` fails on any violation.

/** HTTP controllers, guards and the like, the admin API and pages, the CLI and the HTTP app. */
const ADAPTER =
  '^src/(admin-api|admin-web|cli|http)/|\\.(controller|guard|filter|interceptor|decorator|decorators)\\.ts$';
/** Where the application is put together: may import anything. */
const COMPOSITION = '^src/(main|app\\.module)\\.ts$|\\.module\\.ts$';
const PURE = '^src/(common|config)/';
const INFRASTRUCTURE = '^src/(database|logging|metrics|tracing|passwords|records)/';
const CAPABILITY = '^src/(accounts|domains|identity|challenges|acme-dns|takeover|health)/';
const ABOVE_CAPABILITIES =
  '^src/(administration|admin-api|admin-web|cli|http)/|^src/(main|app\\.module)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules import each other in one direction only.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'nothing-imports-adapters',
      severity: 'error',
      comment: 'Adapters call services; services, repositories and pure code never reach back up.',
      from: { pathNot: `${ADAPTER}|${COMPOSITION}` },
      to: { path: ADAPTER },
    },
    {
      name: 'peer-adapters',
      severity: 'error',
      comment:
        'The REST API, the admin pages and the CLI are peers: what they share lives in a service or in http/.',
      from: { path: '^src/([^/]+)/', pathNot: COMPOSITION },
      to: { path: '^src/(admin-api|admin-web|cli)/', pathNot: '^src/$1/|\\.module\\.ts$' },
    },
    {
      name: 'repositories-behind-services',
      severity: 'error',
      comment: 'Only services (and other repositories) use a repository or open a transaction.',
      from: { pathNot: `\\.(service|repository)\\.ts$|${COMPOSITION}` },
      to: { path: '\\.repository\\.ts$|^src/database/transactions\\.ts$' },
    },
    {
      name: 'typeorm-in-the-data-layer',
      severity: 'error',
      comment: 'TypeORM and SQL belong to repositories, entities, database/ and module wiring.',
      from: { pathNot: `\\.(repository|entity)\\.ts$|^src/database/|${COMPOSITION}` },
      to: { path: 'node_modules/(typeorm|@nestjs/typeorm)/' },
    },
    {
      name: 'pure-code-stays-pure',
      severity: 'error',
      comment: 'common/ and config/ are importable by everything, so they import nothing of ours.',
      from: { path: PURE },
      to: { path: '^src/', pathNot: PURE },
    },
    {
      name: 'infrastructure-below-capabilities',
      severity: 'error',
      comment:
        'The database, logs, metrics, traces, password hashing and the git record store know no capability (the data source lists the entities).',
      from: { path: INFRASTRUCTURE, pathNot: '^src/database/entities\\.ts$' },
      to: { path: `${CAPABILITY}|${ABOVE_CAPABILITIES}` },
    },
    {
      name: 'capabilities-below-administration',
      severity: 'error',
      comment:
        'accounts, domains, identity, challenges, acme-dns, takeover and health never import administration or adapters.',
      from: { path: CAPABILITY, pathNot: ADAPTER },
      to: { path: ABOVE_CAPABILITIES },
    },
    {
      name: 'accounts-at-the-bottom',
      severity: 'error',
      comment: 'Every capability may use accounts; accounts uses none of them.',
      from: { path: '^src/accounts/' },
      to: { path: CAPABILITY, pathNot: '^src/accounts/' },
    },
    {
      name: 'domains-below-identity-and-challenges',
      severity: 'error',
      comment: 'Grants know nothing of who is calling or of challenges.',
      from: { path: '^src/domains/' },
      to: { path: '^src/(identity|challenges|acme-dns|takeover|health)/' },
    },
    {
      name: 'identity-below-challenges',
      severity: 'error',
      comment: 'Who is calling is known before what they ask.',
      from: { path: '^src/identity/' },
      to: { path: '^src/(domains|challenges|acme-dns|takeover|health)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
