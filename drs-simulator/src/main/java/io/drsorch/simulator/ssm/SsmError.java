package io.drsorch.simulator.ssm;

/**
 * An error as SSM answers it over its JSON 1.1 protocol: an HTTP status and a body {@code
 * {"__type": code, "message": ...}}. The SDK picks the exception class by {@code __type}, so each
 * code here is the error shape's name in the SSM service model, spelt exactly as there ({@code
 * IdempotentParameterMismatch} has no {@code Exception} suffix, {@code InternalServerError}
 * neither).
 */
public final class SsmError extends RuntimeException {

  private final int status;
  private final String code;

  private SsmError(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public static SsmError definitionNotFound(String documentName) {
    return new SsmError(
        400,
        "AutomationDefinitionNotFoundException",
        "Automation definition " + documentName + " is not found.");
  }

  public static SsmError definitionVersionNotFound(String documentName, String version) {
    return new SsmError(
        400,
        "AutomationDefinitionVersionNotFoundException",
        "Automation definition " + documentName + " with version " + version + " is not found.");
  }

  public static SsmError executionNotFound(String executionId) {
    return new SsmError(
        400,
        "AutomationExecutionNotFoundException",
        "Automation execution " + executionId + " is not found.");
  }

  public static SsmError idempotentParameterMismatch(String clientToken) {
    return new SsmError(
        400,
        "IdempotentParameterMismatch",
        "Client token "
            + clientToken
            + " was already used to start an automation execution with a different document or"
            + " parameters.");
  }

  /**
   * A member that breaks the model's constraints, in the words of AWS's request validation: {@code
   * 1 validation error detected: Value 'x' at 'clientToken' failed to satisfy constraint: ...}.
   * Such errors are not in the model, so the SDK raises its generic {@code SsmException} with this
   * code.
   */
  public static SsmError validation(String value, String member, String constraint) {
    return new SsmError(
        400,
        "ValidationException",
        "1 validation error detected: Value "
            + (value == null ? "null" : "'" + value + "'")
            + " at '"
            + member
            + "' failed to satisfy constraint: "
            + constraint);
  }

  /** A body that is not the JSON object the protocol requires. */
  public static SsmError serialization(String message) {
    return new SsmError(400, "SerializationException", message);
  }

  /** An {@code X-Amz-Target} naming an operation the simulator does not serve. */
  public static SsmError unknownOperation(String target) {
    return new SsmError(400, "UnknownOperationException", "Unknown operation " + target);
  }

  public static SsmError internal() {
    return new SsmError(500, "InternalServerError", "An internal error occurred.");
  }
}
