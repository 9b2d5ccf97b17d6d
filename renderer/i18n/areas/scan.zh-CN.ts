// 简体中文: the scan screens. Same keys as scan.en.ts.
import type { Messages } from '../en';

export const scanZhCN: Messages['scan'] = {};
