// Copies GOV.UK Frontend's JavaScript and images, and Cytoscape.js, into the Django static folder.
// The GDS Transport fonts are left out on purpose: this service is not on GOV.UK.
import { cpSync, mkdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const govuk = join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk')
const dist = join(root, 'src', 'seemehearme', 'web', 'static', 'dist')

mkdirSync(dist, { recursive: true })
rmSync(join(dist, 'assets'), { recursive: true, force: true })

for (const file of ['govuk-frontend.min.js', 'govuk-frontend.min.js.map']) {
  cpSync(join(govuk, file), join(dist, file))
}
cpSync(join(govuk, 'assets', 'images'), join(dist, 'assets', 'images'), { recursive: true })
cpSync(join(govuk, 'assets', 'manifest.json'), join(dist, 'assets', 'manifest.json'))

// Cytoscape.js draws the network pages' graphs; served from here like everything else (no CDN).
cpSync(join(root, 'node_modules', 'cytoscape', 'dist', 'cytoscape.min.js'), join(dist, 'cytoscape.min.js'))

console.log(`GOV.UK Frontend script and images, and Cytoscape.js, copied to ${dist}`)
