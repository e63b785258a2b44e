Feature: What m_dump sends, in which order, and what it never does
  Every time a user registers, msilo "is looking in database for offline messages intended for that
  user. All of them will be sent" (msilo 5.6 overview, §4.2). This feature looks at the details:
  storage order, no second copy while one is in flight, the REGISTER keeps its single answer, the
  stored and the configured extra header lines (§3.16 extra_hdrs, §3.30 extra_hdrs_avp), the date
  prefix (§3.27 add_date) and the next hop of generated requests (§3.20 outbound_proxy).
  Every scenario declares the msilo values it relies on; other values run on the targets whose
  profile declares them (kamailio-dump, kamailio-dump-proxy) or on the embedded server only.

  Background:
    Given the server stores offline messages
    And the msilo parameter "check_time" is 1
    And the msilo parameter "expire_time" is 3600
    And the msilo parameter "add_date" is 0
    And the msilo parameter "add_contact" is 0

  # --- Order and single delivery -----------------------------------------------------------

  # Seen at the outbound proxy, msilo's own sending order: behind a proxy that relays each copy
  # from its own worker, the user may see them reordered (targets/kamailio/README.md).
  @MSILO-B-dump-select @MSILO-P-outbound_proxy
  Scenario: Stored messages are sent in the order they were stored
    Given a phone stands in as the msilo outbound proxy
    And alice sends a MESSAGE to bob with body "first"
    And alice sends a MESSAGE to bob with body "second"
    And alice sends a MESSAGE to bob with body "third"
    When bob registers
    Then the outbound proxy receives MESSAGEs from alice with these bodies, in this order:
      | first  |
      | second |
      | third  |

  # Cleaning runs every check_time * clean_period seconds (§3.24); until then an expired row is
  # still in the database, and m_dump sends "all of them".
  @MSILO-B-dump-select
  Scenario: A message past its expiry but not yet cleaned is still delivered
    Given the msilo parameter "clean_period" is 3600
    And the msilo parameter "add_date" is 1
    And alice sends a MESSAGE to bob with body "stale" and an Expires header of 1
    And 3 seconds pass
    When bob registers
    Then bob receives the MESSAGE from alice with body "stale" behind the offline-message date

  # msilo 5.6 sample script: save("location") answers the REGISTER, then m_dump() runs.
  @MSILO-B-dump-order-vs-reply
  Scenario: The REGISTER is answered before the first stored message arrives
    Given alice sends a MESSAGE to bob with body "after your 200"
    When bob registers
    Then the response status is 200
    And bob receives the MESSAGE from alice with body "after your 200"
    And bob got the answer to his REGISTER before the first MESSAGE

  @MSILO-B-dump-no-reply-code
  Scenario: Delivering stored messages adds no answer to the REGISTER
    Given alice sends a MESSAGE to bob with body "one"
    And alice sends a MESSAGE to bob with body "two"
    When bob registers
    Then the response status is 200
    And bob receives 2 MESSAGEs from alice
    And bob's REGISTER was answered exactly once

  @MSILO-B-dump-inflight
  Scenario: A REGISTER while the first copy is unanswered does not send it again
    Given bob's phones answer MESSAGE with 200 after 2000 ms
    And alice sends a MESSAGE to bob with body "only once"
    When bob registers
    Then bob receives the MESSAGE from alice with body "only once"
    When bob registers
    Then the response status is 200
    And after 3000 ms bob has received 1 copy of the MESSAGE "only once"

  # The check_time run after the final answer forgets the failed copy (§3.22): it can go again.
  @MSILO-B-dump-inflight
  Scenario: Once the failed copy is answered and housekeeping ran, a REGISTER sends it again
    Given bob's phones answer MESSAGE with 480 after 1000 ms
    And alice sends a MESSAGE to bob with body "again later"
    When bob registers
    Then bob receives the MESSAGE from alice with body "again later"
    When bob registers
    And bob has answered the MESSAGE
    And 2 seconds pass
    And bob registers
    Then after 1500 ms bob has received 2 copies of the MESSAGE "again later"

  # --- Extra header lines ------------------------------------------------------------------

  @MSILO-B-store-extra-hdrs @MSILO-B-dump-headers
  Scenario: Unknown headers and the identity headers of a MESSAGE are stored and replayed
    When alice sends a MESSAGE to bob with body "with extras" and the header fields:
      | Subject             | not stored             |
      | X-Custom            | keepme                 |
      | P-Asserted-Identity | <sip:<alice>@<domain>> |
      | Expires             | 100                    |
    Then the response status is 202
    And bob's silo row holds the extra header lines:
      | X-Custom: keepme                            |
      | P-Asserted-Identity: <sip:<alice>@<domain>> |
    When bob registers
    Then bob receives the MESSAGE from alice with body "with extras"
    And the delivered MESSAGE carries these header lines, in this order:
      | X-Custom: keepme                            |
      | P-Asserted-Identity: <sip:<alice>@<domain>> |
    And the delivered MESSAGE has no "Subject" header

  # m_store copies the header lines into a 1024-byte buffer and fails when they do not fit; the
  # line "X-Long: <n characters>" CRLF is n + 10 bytes (catalog MSILO-B-store-extra-hdrs).
  @MSILO-B-store-extra-hdrs @MSILO-B-store-result
  Scenario Outline: Extra header lines of <size> bytes are <outcome>
    When alice sends a MESSAGE to bob with body "big headers" and a "X-Long" header of <n> characters
    Then the response status is <status>
    And the silo table has <rows> rows for bob

    Examples:
      | size | n    | outcome             | status | rows |
      | 1023 | 1013 | stored              | 202    | 1    |
      | 1024 | 1014 | refused, not stored | 503    | 0    |
      | 1110 | 1100 | refused, not stored | 503    | 0    |

  # §3.16: "Extra headers (each ending with \r\n) to be added in messages sent from silo by m_dump.
  # It can contain pseudo-variables." The value is the doc's own example; $tu is the REGISTER's.
  @MSILO-P-extra_hdrs @MSILO-B-dump-headers
  Scenario: The extra_hdrs lines, expanded for the REGISTER, come before the stored headers
    Given the msilo parameter "add_date" is 1
    And the msilo parameter "extra_hdrs" is "X-Extra: $tu\r\nY-Extra: foo\r\n"
    And alice sends a MESSAGE to bob with body "extra lines" and the header fields:
      | X-Custom | keepme |
    When bob registers
    Then bob receives the MESSAGE from alice with body "extra lines" behind the offline-message date
    And the delivered MESSAGE carries these header lines, in this order:
      | X-Extra: sip:<bob>@<domain> |
      | Y-Extra: foo                |
      | X-Custom: keepme            |

  # §3.30: the AVP "may contain extra headers that are stored with the message when m_store() is
  # called". The routing script fills it from the X-Msilo-Extra request header (siplab_routing
  # extra_hdrs_header states this convention; kamailio.cfg WITH_MSILO_DUMP_VARIANT does the same).
  @MSILO-P-extra_hdrs_avp @MSILO-B-store-extra-hdrs
  Scenario: Headers the script puts in extra_hdrs_avp are stored instead of the copied ones
    Given the msilo parameter "add_date" is 1
    And the msilo parameter "extra_hdrs_avp" is "$avp(msilo_extra_hdrs)"
    And the routing script copies the "X-Msilo-Extra" header into the extra_hdrs_avp AVP
    When alice sends a MESSAGE to bob with body "from the avp" and the header fields:
      | X-Msilo-Extra | X-From-Avp: yes |
      | X-Custom      | not stored      |
    Then the response status is 202
    And bob's silo row holds the extra header lines:
      | X-From-Avp: yes |
    When bob registers
    Then bob receives the MESSAGE from alice with body "from the avp" behind the offline-message date
    And the delivered MESSAGE carries these header lines, in this order:
      | X-From-Avp: yes |
    And the delivered MESSAGE has no "X-Custom" header

  @MSILO-P-extra_hdrs_avp @MSILO-B-store-extra-hdrs
  Scenario: With the extra_hdrs_avp AVP left empty the request's headers are copied as usual
    Given the msilo parameter "add_date" is 1
    And the msilo parameter "extra_hdrs_avp" is "$avp(msilo_extra_hdrs)"
    And the routing script copies the "X-Msilo-Extra" header into the extra_hdrs_avp AVP
    When alice sends a MESSAGE to bob with body "no avp" and the header fields:
      | X-Custom | copied |
    Then the response status is 202
    And bob's silo row holds the extra header lines:
      | X-Custom: copied |

  # --- The date prefix ---------------------------------------------------------------------

  # §3.27: "Whether to add as prefix the date when the message was stored."
  @MSILO-P-add_date @MSILO-B-dump-body
  Scenario: With add_date on, a text/plain message is delivered behind the date it was stored
    Given the msilo parameter "add_date" is 1
    And alice sends a MESSAGE to bob with body "dated"
    When bob registers
    Then bob receives the MESSAGE from alice with body "dated" behind the offline-message date
    And the date in the prefix is the arrival time the delivered MESSAGE's Date header gives

  @MSILO-P-add_date @MSILO-B-dump-body
  Scenario: With add_date on, a non-text body is still delivered byte for byte
    Given the msilo parameter "add_date" is 1
    And alice sends a MESSAGE to bob with body "{\"n\":1}" and content type "application/json"
    When bob registers
    Then bob receives the MESSAGE from alice with body "{\"n\":1}"
    And the delivered MESSAGE has the Content-Type "application/json"

  # --- The next hop ------------------------------------------------------------------------

  # §3.20: "The SIP address used as next hop when sending the message." A phone of the harness
  # plays that proxy; it answers 200 and forwards nothing, so bob gets nothing.
  @MSILO-P-outbound_proxy @MSILO-B-dump-addressing
  Scenario: A stored message goes to the outbound proxy, still addressed to the user
    Given a phone stands in as the msilo outbound proxy
    And alice sends a MESSAGE to bob with body "via the proxy"
    When bob registers
    Then the outbound proxy receives the MESSAGE from alice with body "via the proxy"
    And the delivered MESSAGE has the Request-URI "sip:<bob>@<domain>"
    And the delivered MESSAGE is addressed to bob
    And bob receives no MESSAGE within 1500 ms

  @MSILO-P-outbound_proxy
  Scenario: The offline notification goes to the outbound proxy as well
    Given the msilo parameter "from_address" is "sip:registrar@example.test"
    And the msilo parameter "offline_message" is "*** User $rU is offline!"
    And the msilo parameter "content_type_hdr" is "Content-Type: text/plain\r\n"
    And the msilo parameter "use_contact" is 0
    And a phone stands in as the msilo outbound proxy
    When alice sends a MESSAGE to bob with body "are you there?"
    Then the response status is 202
    And the outbound proxy receives the offline notification from "sip:registrar@example.test" for alice
