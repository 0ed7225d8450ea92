package org.keyceremony.ceremony;

/** What to do with an interrupted ceremony. */
public enum RecoveryChoice { RESUME, ABORT }
