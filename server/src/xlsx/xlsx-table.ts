import ExcelJS from 'exceljs';
import type { Response } from 'express';
import type { z } from 'zod';
import type { ErrorDetail } from '@warmline/contracts';
import { AppError } from '../core/app-error.js';

/** One column of an import/export sheet: Chinese header in the file, field name in code. */
export interface XlsxColumn {
  key: string;
  header: string;
  width?: number;
}

export const MAX_IMPORT_ROWS = 50_000;

const cellText = (v: ExcelJS.CellValue): string | undefined => {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'object') {
    if (v instanceof Date) return v.toISOString();
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return v.result === undefined || v.result === null ? undefined : String(v.result);
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    return undefined;
  }
  const s = String(v).trim();
  return s === '' ? undefined : s;
};

/**
 * Read the first sheet of an xlsx upload and validate every row with `rowSchema`.
 * All-or-nothing: any bad row (or a missing header) throws IMPORT_INVALID (422) with one detail per
 * problem, `row` being the spreadsheet row number — and the caller imports nothing.
 * Cells arrive as trimmed strings (or undefined); the schema coerces.
 */
export async function readXlsxRows<S extends z.ZodType>(
  buffer: Buffer,
  columns: XlsxColumn[],
  rowSchema: S,
): Promise<{ row: number; data: z.output<S> }[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new AppError('IMPORT_INVALID', '文件无法读取，请上传有效的 xlsx 文件', [{ field: 'file', message: '不是有效的 xlsx 文件' }]);
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw new AppError('IMPORT_INVALID', '文件中没有工作表', [{ field: 'file', message: '没有工作表' }]);
  const headerRow = sheet.getRow(1);
  const indexOf = new Map<string, number>();
  headerRow.eachCell((cell, col) => {
    const t = cellText(cell.value);
    if (t) indexOf.set(t, col);
  });
  const missing = columns.filter((c) => !indexOf.has(c.header));
  if (missing.length) {
    throw new AppError(
      'IMPORT_INVALID',
      '表头不正确，请使用导出的模板',
      missing.map((c) => ({ field: c.header, row: 1, message: `缺少列“${c.header}”` })),
    );
  }
  if (sheet.rowCount - 1 > MAX_IMPORT_ROWS) {
    throw new AppError('IMPORT_INVALID', `一次最多导入 ${MAX_IMPORT_ROWS} 行`, [{ field: 'file', message: '行数过多' }]);
  }
  const out: { row: number; data: z.output<S> }[] = [];
  const errors: ErrorDetail[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const raw: Record<string, string | undefined> = {};
    let empty = true;
    for (const c of columns) {
      const t = cellText(row.getCell(indexOf.get(c.header)!).value);
      raw[c.key] = t;
      if (t !== undefined) empty = false;
    }
    if (empty) continue;
    const parsed = rowSchema.safeParse(raw);
    if (parsed.success) out.push({ row: r, data: parsed.data });
    else {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? '');
        const header = columns.find((c) => c.key === key)?.header ?? key;
        errors.push({
          row: r,
          field: header,
          message: issue.code === 'invalid_type' && issue.input === undefined ? '必填' : issue.message,
        });
      }
    }
  }
  if (errors.length) throw new AppError('IMPORT_INVALID', `导入失败：${errors.length} 处错误，未导入任何数据`, errors.slice(0, 1000));
  if (out.length === 0) throw new AppError('IMPORT_INVALID', '文件中没有数据行', [{ field: 'file', message: '没有数据行' }]);
  return out;
}

/** Report problems found after parsing (duplicates, unknown parents) in the same all-or-nothing shape. */
export function importErrors(errors: ErrorDetail[]): AppError {
  return new AppError('IMPORT_INVALID', `导入失败：${errors.length} 处错误，未导入任何数据`, errors.slice(0, 1000));
}

/** Send an xlsx file with Chinese headers. */
export async function sendXlsx(res: Response, fileName: string, sheetName: string, columns: XlsxColumn[], rows: Record<string, unknown>[]) {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Warmline';
  const sheet = wb.addWorksheet(sheetName);
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 16 }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) sheet.addRow(r);
  res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`);
  const buf = await wb.xlsx.writeBuffer();
  res.status(200).end(Buffer.from(buf));
}

/** Build an xlsx in memory (tests and seeding use it to make import files). */
export async function buildXlsx(columns: XlsxColumn[], rows: Record<string, unknown>[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Sheet1');
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key }));
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
