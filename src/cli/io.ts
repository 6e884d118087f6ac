/** What the CLI needs from the outside world, injected so tests run it like a pure function. */
export interface CliIo {
  readFile(path: string): string | null
  fileSize(path: string): number | null
  stdout(text: string): void
  stderr(text: string): void
  /** Folder of the built-in topologies, so `show two-node-flannel-vxlan …` works by name. */
  readonly topologiesDir: string
  /** File names in a folder (for `kube-netlab lessons`), or null when it cannot be read. */
  listDir?(path: string): string[] | null
  /** How a path is shown in messages (relative to the working directory). */
  displayPath(path: string): string
  /** The process environment, for the locale (LANG=ko_KR.UTF-8 prints in Korean). */
  readonly env?: Readonly<Record<string, string | undefined>>
}
