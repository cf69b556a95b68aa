/** The bulk loader lives in the product now (store/bulk-writer.ts over the batch writer, driven by demo/load-province.ts). */
export { loadProvince } from "../src/demo/load-province";
export type { LoadStats } from "../src/demo/load-province";
