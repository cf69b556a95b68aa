/**
 * Deterministic generator of a fictional province (示例省, region code 990000): prefectures, counties
 * and townships with agencies of every kind, one report per agency and year 2019–2025 in the right
 * template, zero-heavy realistic figures (most agencies receive 0–10 applications, a few thousands),
 * arithmetic that holds except for a small share of realistic rule failures, and aggregate (汇总)
 * reports for governments that sum their units. Everything is named 示例… so generated data is never
 * mistaken for real reports. The same seed gives the same province.
 */
import { APPLICANT_COLUMNS, cellsOf, Template } from "../domain/cells";
import { CanonicalReport, emptyReport, getPath, setPath, Tree } from "../domain/report-json";
import type { AgencyKind } from "../modules/agency/agency.entity";
import type { RegionRow } from "../modules/region/region.entity";

export interface GeneratedAgency {
  key: number;
  name: string;
  kind: AgencyKind;
  regionCode: string;
  parentKey: number | null;
}

export interface GeneratedReport {
  agencyKey: number;
  year: number;
  report: CanonicalReport;
  /** Rule failures deliberately introduced (for tests and realism). */
  perturbed: boolean;
}

export interface Province {
  regions: RegionRow[];
  agencies: GeneratedAgency[];
  /** Reports in (year, agency) order; aggregates after the units they sum. */
  reports(): Generator<GeneratedReport>;
}

export interface Shape {
  prefectures: number;
  countiesPerPrefecture: number;
  townshipsPerCounty: number;
  departmentsPerCounty: number;
  departmentsPerPrefecture: number;
  years: number[];
  seed: number;
}

export const SIZES: Record<string, Shape> = {
  tiny: { prefectures: 2, countiesPerPrefecture: 2, townshipsPerCounty: 2, departmentsPerCounty: 4, departmentsPerPrefecture: 4, years: [2019, 2020, 2021, 2022, 2023, 2024, 2025], seed: 7 },
  small: { prefectures: 3, countiesPerPrefecture: 4, townshipsPerCounty: 5, departmentsPerCounty: 12, departmentsPerPrefecture: 15, years: [2019, 2020, 2021, 2022, 2023, 2024, 2025], seed: 7 },
  "10k": { prefectures: 5, countiesPerPrefecture: 10, townshipsPerCounty: 8, departmentsPerCounty: 18, departmentsPerPrefecture: 25, years: [2019, 2020, 2021, 2022, 2023, 2024, 2025], seed: 7 },
  "100k": { prefectures: 12, countiesPerPrefecture: 42, townshipsPerCounty: 8, departmentsPerCounty: 18, departmentsPerPrefecture: 25, years: [2019, 2020, 2021, 2022, 2023, 2024, 2025], seed: 7 },
  "1m": { prefectures: 20, countiesPerPrefecture: 99, townshipsPerCounty: 54, departmentsPerCounty: 18, departmentsPerPrefecture: 25, years: [2019, 2020, 2021, 2022, 2023, 2024, 2025], seed: 7 },
};

export const PROVINCE_CODE = "990000";
const DEPARTMENTS = ["发展和改革委员会", "教育局", "公安局", "民政局", "司法局", "财政局", "人力资源和社会保障局", "自然资源局", "生态环境局", "住房和城乡建设局",
  "交通运输局", "水利局", "农业农村局", "商务局", "文化和旅游局", "卫生健康委员会", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "林业局",
  "城市管理局", "行政审批服务局", "退役军人事务局", "信访局", "粮食和物资储备局", "国有资产监督管理委员会", "体育局", "地方金融监督管理局"];

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function buildProvince(shape: Shape): Province {
  if (shape.prefectures > 99 || shape.countiesPerPrefecture > 99 || shape.townshipsPerCounty > 999) throw new RangeError("at most 99 prefectures, 99 counties each, 999 townships each");
  const regions: RegionRow[] = [{ code: PROVINCE_CODE, name: "示例省", level: "province", parentCode: null }];
  const agencies: GeneratedAgency[] = [];
  const add = (name: string, kind: AgencyKind, regionCode: string, parentKey: number | null) => {
    agencies.push({ key: agencies.length + 1, name, kind, regionCode, parentKey });
    return agencies.length;
  };
  for (let p = 1; p <= shape.prefectures; p++) {
    const pCode = `99${String(p).padStart(2, "0")}00`;
    const pName = `示例省第${p}市`;
    regions.push({ code: pCode, name: pName, level: "prefecture", parentCode: PROVINCE_CODE });
    const gov = add(`${pName}人民政府`, "GOVERNMENT", pCode, null);
    add(`${pName}人民政府办公室`, "GENERAL_OFFICE", pCode, gov);
    for (let d = 0; d < shape.departmentsPerPrefecture; d++) add(`${pName}${DEPARTMENTS[d % DEPARTMENTS.length]}${d >= DEPARTMENTS.length ? d : ""}`, "DEPARTMENT", pCode, gov);
    for (let c = 1; c <= shape.countiesPerPrefecture; c++) {
      const cCode = `99${String(p).padStart(2, "0")}${String(c).padStart(2, "0")}`;
      const cName = `${pName}第${c}县`;
      regions.push({ code: cCode, name: cName.replace(pName, "示例第" + p + "市"), level: "county", parentCode: pCode });
      const cGov = add(`${cName}人民政府`, "GOVERNMENT", cCode, gov);
      add(`${cName}人民政府办公室`, "GENERAL_OFFICE", cCode, cGov);
      for (let d = 0; d < shape.departmentsPerCounty; d++) add(`${cName}${DEPARTMENTS[d % DEPARTMENTS.length]}${d >= DEPARTMENTS.length ? d : ""}`, "DEPARTMENT", cCode, cGov);
      for (let t = 1; t <= shape.townshipsPerCounty; t++) {
        const tCode = `${cCode}${String(t).padStart(3, "0")}000`;
        const tName = `${cName}第${t}镇`;
        regions.push({ code: tCode, name: `示例第${t}镇`, level: "township", parentCode: cCode });
        add(`${tName}人民政府`, "TOWNSHIP", tCode, cGov);
      }
    }
  }

  function* reports(): Generator<GeneratedReport> {
    const rand = prng(shape.seed);
    const carried = new Map<number, number[]>();
    const registers = new Map<number, Register>();
    for (const year of shape.years) {
      const format: Template = year >= 2021 ? "2021" : "2019";
      const cells = cellsOf(format);
      // Running sums (one vector of cell values per government), so aggregates cost O(reports).
      const sums = new Map<string, number[]>();
      const addTo = (key: string, vector: number[]) => {
        const acc = sums.get(key);
        if (!acc) sums.set(key, [...vector]);
        else for (let i = 0; i < vector.length; i++) acc[i] += vector[i];
      };
      for (const agency of agencies) {
        if (agency.kind === "GOVERNMENT") continue;
        if (rand() < 0.02) continue; // some agencies do not report in a given year
        const report = unitReport(agency, year, format, rand, carried, registers);
        const perturbed = rand() < 0.02;
        if (perturbed) perturb(report, rand);
        const vector = cells.map((c) => (getPath(report, c.path) as number) ?? 0);
        const county = agency.regionCode.slice(0, 6);
        if (!county.endsWith("00")) addTo(county, vector);
        addTo(county.slice(0, 4) + "00", vector);
        yield { agencyKey: agency.key, year, report, perturbed };
      }
      for (const gov of agencies.filter((a) => a.kind === "GOVERNMENT")) {
        const report = aggregateOf(gov, year, format, sums.get(gov.regionCode) ?? cells.map(() => 0));
        if (rand() < 0.1) {
          // 逐级汇总 is not exact arithmetic: a tenth of aggregates differ from the sum somewhere.
          const v = getPath(report, "applications.newReceived.natural") as number;
          setPath(report as unknown as Tree, "applications.newReceived.natural", v + 1);
          setPath(report as unknown as Tree, "applications.newReceived.total", (getPath(report, "applications.newReceived.total") as number) + 1);
        }
        yield { agencyKey: gov.key, year, report, perturbed: false };
      }
    }
  }

  return { regions, agencies, reports };
}

const OUTCOME_WEIGHTS: Array<[string, number]> = [
  ["outcomes.granted", 0.42], ["outcomes.partiallyGranted", 0.1],
  ["outcomes.denied.stateSecret", 0.003], ["outcomes.denied.lawForbidden", 0.007], ["outcomes.denied.threeSecurityOneStability", 0.005],
  ["outcomes.denied.thirdPartyRights", 0.01], ["outcomes.denied.internalAffairs", 0.01], ["outcomes.denied.processInfo", 0.015],
  ["outcomes.denied.enforcementFile", 0.005], ["outcomes.denied.administrativeQuery", 0.005],
  ["outcomes.unableToProvide.notHeld", 0.22], ["outcomes.unableToProvide.needsCreation", 0.03], ["outcomes.unableToProvide.unclearAfterCorrection", 0.02],
  ["outcomes.notProcessed.complaintPetition", 0.04], ["outcomes.notProcessed.duplicate", 0.02], ["outcomes.notProcessed.publication", 0.005],
  ["outcomes.notProcessed.massRepeated", 0.005], ["outcomes.notProcessed.confirmOrReissue", 0.01],
];
const APPLICANT_WEIGHTS = [0.8, 0.1, 0.01, 0.01, 0.05, 0.03];

function pick(rand: () => number, weights: number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let u = rand() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i];
    if (u < 0) return i;
  }
  return weights.length - 1;
}

/** Zero-heavy: 45% none, most 1–10, a few hundred, rarely thousands. */
function applications(rand: () => number, kind: AgencyKind): number {
  const u = rand();
  const scale = kind === "GENERAL_OFFICE" ? 3 : kind === "TOWNSHIP" ? 0.5 : 1;
  if (u < 0.45) return 0;
  if (u < 0.9) return 1 + Math.floor(rand() * 10 * scale);
  if (u < 0.995) return 10 + Math.floor(rand() * 150 * scale);
  return 500 + Math.floor(rand() * 4000);
}

/**
 * What an agency's report carries into its next year's (X2, X3): item counts (2019 template) and
 * documents in force (2021 template), by row, with the year they were printed in.
 */
interface Register {
  year: number;
  format: Template;
  next: Record<string, number>;
}

function unitReport(agency: GeneratedAgency, year: number, format: Template, rand: () => number, carriedMap: Map<number, number[]>, registers: Map<number, Register>): CanonicalReport {
  const r = emptyReport(format);
  const set = (path: string, v: number) => setPath(r as unknown as Tree, path, v);
  r.agency = agency.name;
  r.year = year;
  r.regionCode = agency.regionCode;
  r.source = `generated:${agency.key}:${year}`;
  const cols = APPLICANT_COLUMNS.slice(0, 6).map((c) => c.key);
  const fresh = new Array(6).fill(0);
  const n = applications(rand, agency.kind);
  for (let i = 0; i < n; i++) fresh[pick(rand, APPLICANT_WEIGHTS)]++;
  const over = carriedMap.get(agency.key) ?? new Array(6).fill(0);
  const forward = fresh.map((f, i) => Math.floor((f + over[i]) * (rand() < 0.3 ? 0.1 : 0)));
  carriedMap.set(agency.key, forward);
  const handledRows = new Map<string, number[]>();
  const weights = [...OUTCOME_WEIGHTS, ...(format === "2019" ? [["outcomes.other", 0.03]] : [["outcomes.other.overdueCorrection", 0.015], ["outcomes.other.overdueFee", 0.002], ["outcomes.other.otherReasons", 0.013]])] as Array<[string, number]>;
  cols.forEach((_, ci) => {
    const handled = fresh[ci] + over[ci] - forward[ci];
    for (let k = 0; k < handled; k++) {
      const row = weights[pick(rand, weights.map((w) => w[1]))][0];
      const v = handledRows.get(row) ?? new Array(6).fill(0);
      v[ci]++;
      handledRows.set(row, v);
    }
  });
  const writeRow = (path: string, values: number[]) => {
    cols.forEach((c, i) => set(`applications.${path}.${c}`, values[i]));
    set(`applications.${path}.total`, values.reduce((a, b) => a + b, 0));
  };
  writeRow("newReceived", fresh);
  writeRow("carriedOver", over);
  writeRow("carriedForward", forward);
  const total = new Array(6).fill(0);
  for (const [row, values] of handledRows) {
    writeRow(row, values);
    values.forEach((v, i) => (total[i] += v));
  }
  writeRow("outcomes.total", total);
  for (const proc of ["review", "litigationDirect", "litigationAfterReview"]) {
    const cases = n > 0 && rand() < 0.08 ? 1 + Math.floor(rand() * Math.max(1, n / 20)) : 0;
    const split = [0, 0, 0, 0];
    for (let i = 0; i < cases; i++) split[pick(rand, [0.6, 0.15, 0.15, 0.1])]++;
    ["maintained", "corrected", "other", "pending"].forEach((k, i) => set(`reviewLitigation.${proc}.${k}`, split[i]));
    set(`reviewLitigation.${proc}.total`, cases);
  }
  const small = () => (rand() < 0.6 ? 0 : Math.floor(rand() * 20));
  // Last year's register, when the agency reported last year in the same template; the random
  // draws are made either way, so one agency's history does not shift everyone else's figures.
  const last = registers.get(agency.key);
  const before = last && last.year === year - 1 && last.format === format ? last.next : null;
  const next: Record<string, number> = {};
  registers.set(agency.key, { year, format, next });
  if (format === "2019") {
    for (const row of ["regulations", "normativeDocuments"]) {
      const made = small();
      set(`proactive.${row}.newlyMade`, made);
      set(`proactive.${row}.newlyPublished`, made);
      set(`proactive.${row}.totalPublished`, made + small() * 3);
    }
    for (const row of ["licensing", "otherManagementServices", "punishment", "coercion"]) {
      const drawn = small() * 5;
      const prev = before?.[row] ?? drawn;
      const change = Math.floor(rand() * 10) - Math.min(prev, 4);
      set(`proactive.${row}.previousYearItems`, prev);
      set(`proactive.${row}.change`, change);
      next[row] = prev + change;
      set(`proactive.${row}.decisions`, rand() < 0.5 ? 0 : Math.floor(rand() * 500));
    }
    const fees = small();
    set("proactive.fees.previousYearItems", before?.fees ?? fees);
    set("proactive.fees.change", 0);
    next.fees = before?.fees ?? fees;
    const projects = small();
    set("proactive.procurement.projects", projects);
    const amount = projects ? Math.round(rand() * 5_000_000_00) / 100 : 0;
    set("proactive.procurement.totalAmount", amount);
    setPath(r as unknown as Tree, "proactive.procurement.totalAmountRaw", `${amount}元`);
  } else {
    for (const row of ["regulations", "normativeDocuments"]) {
      const issued = small();
      const drawnRepealed = rand() < 0.8 ? 0 : 1;
      const drawnInForce = small() * 2;
      const repealed = before && before[row] + issued < drawnRepealed ? 0 : drawnRepealed;
      const inForce = before ? before[row] + issued - repealed : drawnInForce;
      set(`proactive.${row}.issued`, issued);
      set(`proactive.${row}.repealed`, repealed);
      set(`proactive.${row}.inForce`, inForce);
      next[row] = inForce;
    }
    for (const row of ["licensing", "punishment", "coercion"]) set(`proactive.${row}.decisions`, rand() < 0.5 ? 0 : Math.floor(rand() * 800));
    set("proactive.fees.amountWanYuan", rand() < 0.8 ? 0 : Math.round(rand() * 1_000_000) / 10000);
  }
  r.sections = [{ heading: "一、总体情况", text: `${agency.name}（示例数据）${year}年共收到政府信息公开申请${n}件。` }];
  return r;
}

/** A realistic rule failure: one printed total off by a little. */
function perturb(r: CanonicalReport, rand: () => number): void {
  const rows = ["newReceived", "outcomes.total", "outcomes.granted", "carriedForward"];
  const row = rows[Math.floor(rand() * rows.length)];
  const path = `applications.${row}.total`;
  setPath(r as unknown as Tree, path, (getPath(r, path) as number) + 1 + Math.floor(rand() * 3));
}

function aggregateOf(gov: GeneratedAgency, year: number, format: Template, sum: number[]): CanonicalReport {
  const r = emptyReport(format);
  r.agency = gov.name;
  r.year = year;
  r.regionCode = gov.regionCode;
  r.isAggregate = true;
  r.source = `generated:${gov.key}:${year}`;
  cellsOf(format).forEach((cell, i) => {
    setPath(r as unknown as Tree, cell.path, cell.kind === "money" ? Math.round(sum[i] * cell.scale) / cell.scale : sum[i]);
  });
  if (format === "2019") setPath(r as unknown as Tree, "proactive.procurement.totalAmountRaw", `${getPath(r, "proactive.procurement.totalAmount")}元`);
  r.sections = [{ heading: "", text: `本报告由${gov.name}根据所属各部门、各乡镇（街道）政府信息公开工作年度报告汇总编制（示例数据）。` }];
  return r;
}

