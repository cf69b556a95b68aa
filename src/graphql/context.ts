import type { DataSource } from "typeorm";
import type { Config } from "../config";
import type { Loaders } from "./loaders";

export interface Context {
  ds: DataSource;
  loaders: Loaders;
  config: Config;
  /** True when the request carried the admin token (Authorization: Bearer …). */
  isAdmin: boolean;
}
