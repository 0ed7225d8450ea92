package org.keyceremony.journal.facts;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A record component whose own components are written into the enclosing JSON object rather
 * than under a key of their own (the certificate facts that several actions share, side by
 * side with their other facts, as the log has always had them).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Inline {
}
