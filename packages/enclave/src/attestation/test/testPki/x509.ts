/**
 * Test-only: `@peculiar/x509` for the test DCAP PKI (design D2: "tests … use quotes built with a
 * test PKI"). The library's decorators need `reflect-metadata` loaded first, so every test-PKI
 * module imports it from here rather than from `@peculiar/x509` directly. Never imported from
 * non-test source.
 * @module
 */
import 'reflect-metadata'

export * as x509 from '@peculiar/x509'
