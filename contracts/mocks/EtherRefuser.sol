// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @dev An account that makes any call it is told to (with value) and refuses every ether payment it receives.
contract EtherRefuser {
    function execute(address target, bytes calldata data) external payable returns (bytes memory result) {
        bool ok;
        (ok, result) = target.call{value: msg.value}(data);
        if (!ok) {
            assembly {
                revert(add(result, 32), mload(result))
            }
        }
    }
}
