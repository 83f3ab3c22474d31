import { sseFigures } from './sse-bench';

/** `npm run bench`: one run, one `name=value` per line. Figures, not assertions. */
async function main(): Promise<void> {
  const figures: Record<string, number | string> = { ...(await sseFigures()) };
  for (const [name, value] of Object.entries(figures)) console.log(`${name}=${value}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
