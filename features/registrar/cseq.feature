Feature: Call-ID and CSeq of registrations
  For an existing binding with the same Call-ID a lower CSeq is out of order (RFC 3261 §10.3 step 7).

  @REG-B-callid-cseq
  Scenario: A REGISTER with an older CSeq on the same Call-ID is refused
    Given bob registers with Expires 600
    And bob registers with Expires 900
    When bob repeats the REGISTER with CSeq 1
    Then the response status is 400
    And the response has a "P-Registrar-Error" header

  @REG-B-callid-cseq
  Scenario: A REGISTER from another Call-ID replaces the binding's data
    Given bob registers with Expires 600
    When bob registers from a new Call-ID
    Then the response status is 200
    And the location table has 1 row for bob
    And bob's location row has cseq "1"
