import helmet from 'helmet';

/**
 * What every admin response carries: nothing from elsewhere, no framing, no sniffing, and the
 * referrer only for this site. Helmet's other defaults stay on, except HSTS: whether the host
 * insists on TLS is for the TLS-terminating proxy to decide, for the lego API too.
 */
export const adminSecurityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'same-origin' },
  strictTransportSecurity: false,
});
