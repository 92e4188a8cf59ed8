"""Chains of calls that carry a state from one call to the next (an optimizer's weights and
config, an RNN's hidden state, a Markov chain's random generator): which arguments each
step gets from the step before.

One loop, :func:`chained`, serves the three places that run or read a chain, so that they
feed alike: the worker running it (:meth:`autograder.sandbox.worker.Worker.chain`), the
grader logging the calls it made (:meth:`autograder.sandbox.client.Sandbox.chain`), and a
plain callable run in-process (:func:`autograder.checks.contracts.chain_outcomes`). Each
side passes its own copy: the worker sends fed values through the codec, as the grader
would send them back; the grader deep-copies the items of a value, so that a call changing
its argument in place does not change the value the step before returned.

A ``feed`` maps ``key`` (an argument's position, or a keyword) to ``index``: step t > 0 gets
as argument ``key`` item ``index`` of step t-1's value, or with ``index`` None step t-1's
own argument ``key`` (a dict or a random generator) as that call left it. What ``items``
holds there for t > 0 is ignored.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator

Feed = dict[int | str, int | None]
Items = list[tuple[tuple, dict]]
Copy = Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


def chained(items: Items, feed: Feed, call: Callable[[tuple, dict], tuple[Any, Any, bool]],
            copy_value: Copy, copy_argument: Copy = _same) -> Iterator[Any]:
    """For each ``(args, kwargs)`` of ``items``, in order, the outcome of ``call(args,
    kwargs) -> (outcome, value, ok)`` with the fed arguments in place (``copy_value`` applied
    to the items of a value, ``copy_argument`` to a carried argument). It ends after a step
    that is not ``ok`` (it raised), or before a step whose predecessor's value does not
    hold the items to feed (a tuple or list long enough)."""
    needed = max([index for index in feed.values() if index is not None], default=-1) + 1
    for step, (args, kwargs) in enumerate(items):
        if step:
            if needed and (type(value) not in (tuple, list) or len(value) < needed):
                return
            args, kwargs = list(args), dict(kwargs)
            for key, index in feed.items():
                fed = (copy_value(value[index]) if index is not None else
                       copy_argument(previous[type(key) is str][key]))
                if type(key) is str:
                    kwargs[key] = fed
                else:
                    args[key] = fed
            args = tuple(args)
        outcome, value, ok = call(args, kwargs)
        yield outcome
        if not ok:
            return
        previous = args, kwargs
