import { readFileSync } from 'node:fs'
import path from 'node:path'
import { marked } from 'marked'
import { Browser, chromium, Page } from 'playwright-core'
import { ROOT } from './run-dist.js'

// No jest here: renders job summaries as GitHub does (GFM, Mermaid) in Debian's Chromium.

/** What the page saw after Mermaid ran: errors, and each chart's series as drawn. */
export interface RenderedSummary {
  errors: string[]
  /** The page's text, as a reader sees it. */
  text: string
  charts: {
    title: string
    /** Series in the source (`line [..]` / `bar [..]`). */
    declared: number
    /** Lines drawn with at least two points, and bars drawn with a height. */
    drawnLines: number
    drawnBars: number
    /** Stroke (lines) and fill (bars) colours as drawn, in order. */
    colours: string[]
  }[]
}

const MERMAID = path.join(ROOT, 'node_modules/mermaid/dist/mermaid.min.js')

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    // This machine's network is closed: no background connections, no sandbox as root.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
}

/** GitHub-like HTML for a summary: GFM through marked, Mermaid blocks left for Mermaid. */
export function summaryHtml(markdown: string, theme: 'light' | 'dark'): string {
  const body = (marked.parse(markdown, { gfm: true, async: false }) as string).replace(
    /<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g,
    (_, source: string) => `<pre class="mermaid">${source}</pre>`
  )
  const [bg, fg, border] =
    theme === 'light' ? ['#ffffff', '#1f2328', '#d1d9e0'] : ['#0d1117', '#f0f6fc', '#3d444d']
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    body { background: ${bg}; color: ${fg}; font: 14px -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; max-width: 1000px; margin: 16px; }
    table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid ${border}; padding: 4px 10px; }
    pre.mermaid { background: transparent; }
  </style></head><body>${body}</body></html>`
}

/** Renders a summary and runs Mermaid; screenshots it when `screenshot` names a file. */
export async function renderSummary(
  browser: Browser,
  markdown: string,
  theme: 'light' | 'dark',
  screenshot?: string
): Promise<RenderedSummary> {
  const page: Page = await browser.newPage({ viewport: { width: 1040, height: 800 } })
  try {
    const pageErrors: string[] = []
    page.on('pageerror', error => pageErrors.push(error.message))
    await page.setContent(summaryHtml(markdown, theme))
    await page.addScriptTag({ content: readFileSync(MERMAID, 'utf8') })
    const errors = await page.evaluate(
      async (mermaidTheme: string) => {
        const mermaid = (globalThis as unknown as { mermaid: MermaidApi }).mermaid
        mermaid.initialize({ startOnLoad: false, theme: mermaidTheme })
        const found: string[] = []
        try {
          await mermaid.run({ querySelector: 'pre.mermaid', suppressErrors: false })
        } catch (error) {
          found.push(String((error as Error).message ?? error))
        }
        // Mermaid draws its own error diagram instead of throwing in some versions.
        for (const svg of document.querySelectorAll('pre.mermaid svg'))
          if (svg.getAttribute('aria-roledescription') === 'error')
            found.push('mermaid error diagram')
        return found
      },
      theme === 'light' ? 'default' : 'dark'
    )
    const charts = await page.evaluate(() =>
      [...document.querySelectorAll('pre.mermaid')].map(pre => {
        const source = pre.getAttribute('data-processed')
          ? (pre.getAttribute('data-source') ?? '')
          : ''
        const svg = pre.querySelector('svg')
        const lines = [...(svg?.querySelectorAll('g[class*="line-plot"] path') ?? [])]
        const bars = [...(svg?.querySelectorAll('g[class*="bar-plot"] rect') ?? [])]
        const drawnLines = lines.filter(
          p => ((p.getAttribute('d') ?? '').match(/[LC]/g) ?? []).length >= 1
        )
        return {
          title: svg?.querySelector('g.chart-title text, .chart-title text')?.textContent ?? source,
          declared: 0,
          drawnLines: drawnLines.length,
          drawnBars: bars.filter(r => Number(r.getAttribute('height')) > 0).length,
          colours: [
            ...lines.map(p => p.getAttribute('stroke') ?? ''),
            ...bars.slice(0, 1).map(r => r.getAttribute('fill') ?? '')
          ]
        }
      })
    )
    // Series declared per chart, from the markdown (Mermaid replaces the source in the page).
    const blocks = [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map(m => m[1])
    charts.forEach((chart, i) => {
      chart.declared = (blocks[i]?.match(/^\s+(line|bar) \[/gm) ?? []).length
    })
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true })
    const text = await page.evaluate(() => document.body.innerText)
    return { errors: [...errors, ...pageErrors], text, charts }
  } finally {
    await page.close()
  }
}

// The page's own globals, for the functions that run in it (this project's types have no DOM).
declare const document: {
  querySelectorAll(selector: string): Iterable<PageElement>
  body: { innerText: string }
}
interface PageElement {
  getAttribute(name: string): string | null
  querySelector(selector: string): PageElement | null
  querySelectorAll(selector: string): Iterable<PageElement>
  textContent: string | null
}

interface MermaidApi {
  initialize(config: Record<string, unknown>): void
  run(options: { querySelector: string; suppressErrors: boolean }): Promise<void>
}
