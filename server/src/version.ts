/** The product's version: package.json's, taken in at build time (esbuild keeps only this field). */
import { version } from "../../package.json";

export const PRODUCT_VERSION: string = version;
