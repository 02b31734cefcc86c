// ESM jest: run through `npm run jest` (sets --experimental-vm-modules).
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  testMatch: ['**/__tests__/**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  // Integration tests start real nginx on fixed loopback ports chosen per file; keep files parallel
  // but bounded to the two cores of the CI machines.
  maxWorkers: 2,
  testTimeout: 60000,
  setupFilesAfterEnv: ['<rootDir>/__tests__/support/load-yaml.ts']
}
