import express, { type Router } from 'express';
import { APPROVAL_LINK_PATH } from '../auth/approval-links.js';
import { APPROVAL_PAGE_SCRIPT } from './admin-approval-page-script.js';

const CSP = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";
const HEADERS = { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY', 'Cache-Control': 'no-store' };

// The token stays out of the markup: the script reads it from the address bar.
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ticketfix approval</title>
<style>body{font:16px system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem}dt{font-weight:600}dd{margin:0 0 .6rem;white-space:pre-wrap;overflow-wrap:anywhere}.error{color:#a00}button{margin:.5rem .5rem 0 0;padding:.5rem 1rem}input{display:block;width:100%;margin:.4rem 0;padding:.4rem}</style>
</head><body><main id="main"><p>Loading...</p></main><script type="module" src="/approve-assets/approve.js"></script></body></html>`;

/**
 * The page an approval link opens. It shows nothing by itself: the approver signs in with an
 * API key, and the page reads and decides the approval through the admin API
 * (/admin/approval-links/...), which checks the link, the role and the plan hash.
 */
export function approvalPageRoutes(): Router {
  const r = express.Router();
  r.get('/approve-assets/approve.js', (_req, res) => void res.set(HEADERS).type('text/javascript').send(APPROVAL_PAGE_SCRIPT));
  r.get(`${APPROVAL_LINK_PATH}/:token`, (_req, res) => void res.set(HEADERS).type('html').send(PAGE));
  return r;
}
