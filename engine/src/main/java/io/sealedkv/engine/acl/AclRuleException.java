package io.sealedkv.engine.acl;

/**
 * A rule of ACL SETUSER, a {@code user} directive or an ACL file line that cannot be applied; the
 * message is Redis's reason.
 */
public final class AclRuleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AclRuleException(String reason) {
        super(reason, null, false, false);
    }
}
