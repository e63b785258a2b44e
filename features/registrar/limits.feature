Feature: Contact limits and method filtering (registrar 5.6 §3.14, §3.19)

  @REG-P-max_contacts @REG-B-error-header
  Scenario: A REGISTER that would exceed max_contacts is refused with 503
    Given the registrar parameter "max_contacts" is 2
    And the registrar parameter "retry_after" is 0
    And bob's desk phone registers
    And bob's mobile phone registers
    When bob's car phone registers
    Then the response status is 503
    And the response has a "P-Registrar-Error" header
    And the location table has 2 rows for bob

  @REG-P-max_contacts
  Scenario: retry_after adds Retry-After to the 503
    Given the registrar parameter "max_contacts" is 1
    And the registrar parameter "retry_after" is 30
    And bob's desk phone registers
    When bob's mobile phone registers
    Then the response status is 503
    And the response has a "Retry-After" header of "30"

  # What the script does with lookup's -2 is routing policy: the documented use is 405, while a
  # MESSAGE is handed to msilo (catalog REG-P-method_filtering). OPTIONS keeps msilo out of it.
  @REG-P-method_filtering
  Scenario: With method_filtering a contact that does not allow the method is not used
    Given the registrar parameter "method_filtering" is 1
    And bob's phones allow only "INVITE"
    And bob registers
    When alice sends an OPTIONS to bob
    Then the response status is 405
    And bob receives no OPTIONS within 500 ms

  @REG-P-method_filtering
  Scenario: Without method_filtering the Allow header does not restrict delivery
    Given the registrar parameter "method_filtering" is 0
    And bob's phones allow only "INVITE"
    And bob registers
    When alice sends an OPTIONS to bob
    Then bob receives the OPTIONS from alice
