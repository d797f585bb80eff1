// One jest configuration for the whole repository: a fast `unit` project and a slow `e2e` project that drives
// Orthanc + the viewer + Chromium. `npm test` (test/run-tests.mjs) runs them one after the other; the e2e
// project is always run with --runInBand because every e2e file starts its own PACS, server and browser and the
// CI machine has two cores.

/** TypeScript through swc: no type checking here (that is `npm run typecheck`), just fast stripping. */
const swcTransform = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' },
    module: { type: 'commonjs' },
  },
];

const shared = {
  rootDir: '.',
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': swcTransform },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  // The OHIF dist, sample study and build outputs are big; jest must not crawl them.
  modulePathIgnorePatterns: ['<rootDir>/.cache/', '<rootDir>/dist/', '<rootDir>/build/', '<rootDir>/test-artifacts/'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.cache/'],
};

export default {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      // Long waits on real conditions (viewer load, volume render through SwiftShader on 2 cores), never sleeps.
      setupFilesAfterEnv: ['<rootDir>/test/e2e/setup-timeouts.ts'],
      slowTestThreshold: 120,
    },
  ],
};
