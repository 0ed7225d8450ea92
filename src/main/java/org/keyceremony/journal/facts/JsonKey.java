package org.keyceremony.journal.facts;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The JSON key of a record component when it differs from the component's Java name (a key
 * that is a Java keyword, such as {@code package}). Without it the key is the component's name.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface JsonKey {
    String value();
}
