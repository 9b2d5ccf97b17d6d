// English strings of the scan screens. scan.zh-CN.ts holds exactly the same keys.
export const scanEn = {} as const;
