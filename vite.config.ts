import { fileURLToPath } from 'node:url'
import { defineConfig, type Plugin } from 'vite'

/** The model worker's `yaml`, loaded on first use (src/ui/worker/yamlLazy.ts says why). */
const LAZY_YAML = fileURLToPath(new URL('./src/ui/worker/yamlLazy.ts', import.meta.url))

/**
 * Points every `yaml` import of the worker's build at yamlLazy.ts, except yamlLazy.ts's own
 * dynamic import of the package, which becomes a chunk of its own. Build only: the dev server
 * serves one module graph to the page and the worker, and the page's lessons use the package
 * synchronously.
 */
function lazyYaml(): Plugin {
  return {
    name: 'kube-netlab:lazy-yaml',
    enforce: 'pre',
    resolveId(source, importer) {
      return source === 'yaml' && importer?.split('?')[0] !== LAZY_YAML ? LAZY_YAML : null
    },
  }
}

export default defineConfig({
  server: { host: '127.0.0.1', port: 5173 },
  build: { outDir: 'dist', target: 'es2022' },
  // ES modules: the worker's build is split (the yaml package is a chunk of its own).
  worker: { format: 'es', plugins: () => [lazyYaml()] },
})
