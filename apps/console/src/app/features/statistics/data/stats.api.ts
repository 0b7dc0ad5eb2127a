import { HttpClient, HttpErrorResponse, HttpParams, HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { StatsInterval, StatsSummaryResponse, StatsTimeseriesResponse } from '@complaint-desk/contracts';
import type { StatsApiQuery } from './stats-view';

export interface CsvFile {
  blob: Blob;
  filename: string;
}

/** Typed client of /api/stats (docs/statistics.md). */
@Injectable({ providedIn: 'root' })
export class StatsApi {
  private readonly http = inject(HttpClient);

  summary(q: StatsApiQuery): Promise<StatsSummaryResponse> {
    return firstValueFrom(this.http.get<StatsSummaryResponse>('/api/stats/summary', { params: toParams(q) }));
  }

  timeseries(q: StatsApiQuery, interval: StatsInterval): Promise<StatsTimeseriesResponse> {
    return firstValueFrom(
      this.http.get<StatsTimeseriesResponse>('/api/stats/timeseries', { params: toParams(q).set('interval', interval) }),
    );
  }

  /**
   * The CSV export as a file. Through HttpClient (not a plain link) because the API needs the
   * bearer token; the name is the one the API sends, or `fallbackName`.
   */
  async exportCsv(q: StatsApiQuery, fallbackName: string): Promise<CsvFile> {
    let res: HttpResponse<Blob>;
    try {
      res = await firstValueFrom(
        this.http.get('/api/stats/export.csv', { params: toParams(q), responseType: 'blob', observe: 'response' }),
      );
    } catch (e) {
      throw await withJsonBody(e);
    }
    const filename = filenameFromDisposition(res.headers.get('Content-Disposition')) ?? fallbackName;
    return { blob: res.body ?? new Blob([], { type: 'text/csv' }), filename };
  }
}

function toParams(q: StatsApiQuery): HttpParams {
  let params = new HttpParams();
  for (const [k, v] of Object.entries(q)) if (v) params = params.set(k, v);
  return params;
}

/** `attachment; filename="complaints-ACME-2026-10-29-2026-11-28.csv"` → the file name. */
export function filenameFromDisposition(header: string | null): string | null {
  const m = header ? /filename="?([^";]+)"?/i.exec(header) : null;
  return m ? m[1].trim() : null;
}

/** A blob response's problem+json error body, parsed, so the page can show its `detail`. */
async function withJsonBody(e: unknown): Promise<unknown> {
  if (!(e instanceof HttpErrorResponse) || !(e.error instanceof Blob)) return e;
  try {
    const body: unknown = JSON.parse(await e.error.text());
    return new HttpErrorResponse({ error: body, headers: e.headers, status: e.status, statusText: e.statusText, url: e.url ?? undefined });
  } catch {
    return e;
  }
}
