package testfix

import "sync"

// Race runs every fn at the same moment from its own goroutine and returns
// their errors, for tests of two reviewers, a double click or a retry.
func Race(fns ...func() error) []error {
	errs := make([]error, len(fns))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = fn()
		}()
	}
	close(start)
	wg.Wait()
	return errs
}
