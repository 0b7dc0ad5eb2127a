import { Controller, Post } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { lastValueFrom, of } from 'rxjs';
import { AppError } from './app-error';
import {
  AcceptsContentTypes,
  contentTypeProblem,
  inspectJson,
  inspectQuery,
  MAX_JSON_DEPTH,
  mediaTypeMatches,
  RequestReadInterceptor,
} from './request-body';

const nest = (depth: number, leaf: unknown = 1): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};

describe('reading a request body (contract Part 2 input rules; R4.1-b)', () => {
  it('inspectJson: 32 levels are fine, 33 are too deep; a million levels neither overflow nor take long', () => {
    expect(inspectJson(nest(MAX_JSON_DEPTH))).toEqual([]);
    expect(inspectJson(nest(MAX_JSON_DEPTH + 1))).toEqual([{ field: 'body', message: 'the JSON body is nested deeper than 32 levels' }]);
    const deep = JSON.parse('['.repeat(1_000_000) + ']'.repeat(1_000_000));
    expect(inspectJson(deep)).toEqual([{ field: 'body', message: expect.stringMatching(/deeper than 32/) }]);
  });

  it('inspectJson names every own prototype key (JSON.parse makes "__proto__" an own property), at any level', () => {
    const parsed = JSON.parse('{"__proto__":{"x":1},"a":[{"constructor":{}}],"b":{"c":{"prototype":1}},"ok":"__proto__"}');
    expect(inspectJson(parsed)).toEqual([
      { field: '__proto__', message: '__proto__ is not a known field' },
      { field: 'a[0].constructor', message: 'a[0].constructor is not a known field' },
      { field: 'b.c.prototype', message: 'b.c.prototype is not a known field' },
    ]);
    expect(inspectJson({ constructorName: 'x', summary: 'prototype' })).toEqual([]);
  });

  it('inspectQuery: percent-encoding that is not UTF-8 and prototype keys, named by their parameter', () => {
    expect(inspectQuery('/api/complaints?q=%ED%A0%80&limit=5')).toEqual([{ field: 'q', message: 'q is not valid percent-encoded UTF-8' }]);
    expect(inspectQuery('/api/complaints?q=%E2%82%AC+x&status=registered')).toEqual([]);
    expect(inspectQuery('/api/complaints?__proto__=1')).toEqual([{ field: '__proto__', message: '__proto__ is not a known field' }]);
    expect(inspectQuery('/api/complaints?a=%')).toEqual([{ field: 'a', message: 'a is not valid percent-encoded UTF-8' }]);
    expect(inspectQuery('/api/complaints')).toEqual([]);
  });

  it.each([
    ['application/json', 'application/json', true],
    ['application/merge-patch+json', 'application/*+json', true],
    ['application/json', 'application/*+json', false],
    ['text/plain', 'application/json', false],
    ['multipart/form-data', 'multipart/*', true],
  ])('mediaTypeMatches(%s, %s) = %s', (type, pattern, expected) => {
    expect(mediaTypeMatches(type, pattern)).toBe(expected);
  });

  it('contentTypeProblem: POST/PATCH/PUT with a body or a declared type other than JSON → 415 naming Content-Type', () => {
    const req = (method: string, headers: Record<string, string>) => ({ method, headers });
    expect(contentTypeProblem(req('PATCH', { 'content-type': 'text/plain', 'content-length': '16' }))).toMatchObject({
      status: 415,
      errors: [{ field: 'Content-Type', message: 'text/plain is not accepted here; send application/json' }],
    });
    expect(contentTypeProblem(req('POST', { 'content-type': 'application/x-www-form-urlencoded' }))?.status).toBe(415);
    expect(contentTypeProblem(req('PUT', { 'content-length': '2' }))?.status).toBe(415);
    expect(contentTypeProblem(req('POST', { 'transfer-encoding': 'chunked' }))?.status).toBe(415);
    expect(contentTypeProblem(req('POST', {}))).toBeNull();
    expect(contentTypeProblem(req('POST', { 'content-length': '0' }))).toBeNull();
    expect(contentTypeProblem(req('POST', { 'content-type': 'Application/JSON; charset=utf-8' }))).toBeNull();
    expect(contentTypeProblem(req('GET', { 'content-type': 'text/plain', 'content-length': '3' }))).toBeNull();
    expect(contentTypeProblem(req('DELETE', { 'content-type': 'text/plain', 'content-length': '3' }))).toBeNull();
  });

  it('a route may accept another type (a future multipart upload): @AcceptsContentTypes, read by the interceptor', async () => {
    @Controller('x')
    class UploadController {
      @Post('upload') @AcceptsContentTypes('multipart/form-data') upload() {
        return 'uploaded';
      }
      @Post('json') json() {
        return 'json';
      }
    }
    const interceptor = new RequestReadInterceptor(new Reflector());
    const call = (handler: 'upload' | 'json', contentType: string) => {
      const req = { method: 'POST', headers: { 'content-type': contentType, 'content-length': '10' } };
      const ctx = {
        getType: () => 'http',
        getHandler: () => UploadController.prototype[handler],
        getClass: () => UploadController,
        switchToHttp: () => ({ getRequest: () => req }),
      } as unknown as ExecutionContext;
      const next: CallHandler = { handle: () => of(handler) };
      return lastValueFrom(interceptor.intercept(ctx, next)).catch((e: unknown) => e);
    };
    expect(await call('upload', 'multipart/form-data; boundary=x')).toBe('upload');
    expect(await call('upload', 'application/json')).toMatchObject({ status: 415 });
    expect(await call('json', 'application/json')).toBe('json');
    const refused = await call('json', 'multipart/form-data; boundary=x');
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ status: 415 });
  });
});
