package org.keyceremony.script;

/** Key algorithms a root key may use (RSA sizes and EC curves are checked by validation). */
public enum KeyAlgorithm {
    RSA, EC
}
