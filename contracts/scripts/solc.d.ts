/**
 * The slice of solc-js this repository uses. solc ships `export =` typings of `any`, which
 * NodeNext with `esModuleInterop: false` will not default-import; this declares the one call we
 * make, with standard JSON in and out as strings.
 */
declare module 'solc' {
  type ImportCallback = (path: string) => { contents: string } | { error: string }
  const solc: {
    version(): string
    compile(input: string, options?: { import?: ImportCallback }): string
  }
  export default solc
}
